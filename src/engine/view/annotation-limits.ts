/**
 * The note limit on its own: the page (workspace schema, note editor) needs the number, not the
 * annotation store, which then stays in the runtime's chunks.
 */

/** Characters a note may hold: a short remark, not a document. */
export const MAX_NOTE_CHARS = 2000
