import { lazy, type ComponentType, type LazyExoticComponent } from 'react'

/**
 * A named export of a module loaded on first use, as a component. The first screen's JavaScript
 * has a budget (150 kB gzip, measured by `npm run bench`); dialogs and panes a user opens later
 * live in chunks of their own and load when they are first shown.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any props: the caller's JSX checks them against M[K]
export function lazyNamed<M extends Record<K, ComponentType<any>>, K extends keyof M & string>(load: () => Promise<M>, name: K): LazyExoticComponent<M[K]> {
  return lazy(() => load().then((module) => ({ default: module[name] })))
}
