// The modal moved to src/components/ so that other features (the command palette) can use it too.
export { Modal } from '../../components/modal.tsx'
