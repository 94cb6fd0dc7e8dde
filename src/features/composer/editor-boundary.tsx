import { Component, type ReactNode } from 'react'

type Props = { children: ReactNode; fallback: (error: Error) => ReactNode }
type State = { error: Error | null }

/** Catches a failed Monaco chunk load so the composer falls back instead of blanking the screen. */
export class EditorBoundary extends Component<Props, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override componentDidCatch(error: Error): void {
    console.warn('Frameline: the code editor failed to load; using a plain text box.', error)
  }

  override render(): ReactNode {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children
  }
}
