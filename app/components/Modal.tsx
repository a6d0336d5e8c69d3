import { useEffect, type ReactNode } from 'react';

/** A dialog over a dimmed screen: a click outside or Escape closes it. */
export function Modal(props: {
  /** The dialog's accessible name; also its heading unless `heading` is given. */
  label: string;
  heading?: ReactNode;
  className?: string;
  testId?: string;
  onClose(): void;
  children: ReactNode;
}) {
  const { onClose } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className={`modal ${props.className ?? ''}`.trim()}
        role="dialog"
        aria-label={props.label}
        onClick={(e) => e.stopPropagation()}
        data-testid={props.testId}
      >
        <h2>{props.heading ?? props.label}</h2>
        {props.children}
      </div>
    </div>
  );
}

/** A dialog's last row: a button that leaves it and the primary button that acts. */
export function ModalActions(props: {
  cancel: string;
  onCancel(): void;
  submit: string;
  onSubmit(): void;
  pending?: boolean;
  testId?: string;
}) {
  return (
    <div className="modal-actions">
      <button onClick={props.onCancel}>{props.cancel}</button>
      <button
        className="primary"
        onClick={props.onSubmit}
        disabled={props.pending ?? false}
        data-testid={props.testId}
      >
        {props.submit}
      </button>
    </div>
  );
}
