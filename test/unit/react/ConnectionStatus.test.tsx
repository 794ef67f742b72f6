import { fireEvent, render, screen } from '@testing-library/react';
import { createRef } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ConnectionStatus, RtcKitError } from 'rtckit';

const root = (container: HTMLElement) => container.firstElementChild as HTMLElement;

describe('ConnectionStatus', () => {
  it('is a named group (aria-label needs a role to be valid), and its Try again button is a real button', () => {
    const retryNow = vi.fn();
    const error = new RtcKitError('reconnect-failed');
    render(
      <ConnectionStatus
        aria-label="Call to Bob"
        status={{ state: 'failed', reason: 'signaling-lost', error, retryNow }}
      />,
    );
    expect(screen.getByRole('group', { name: 'Call to Bob' })).toBeInTheDocument();
    const button = screen.getByRole('button', { name: 'Try again' });
    expect(button.tagName).toBe('BUTTON'); // focusable, and Enter/Space press it natively
    button.focus();
    expect(document.activeElement).toBe(button);
  });

  it('holds only an empty live region while connected or idle', () => {
    const { container, rerender } = render(<ConnectionStatus status={{ state: 'connected' }} />);
    expect(root(container).dataset.state).toBe('connected');
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    rerender(<ConnectionStatus status={{ state: 'idle' }} />);
    expect(root(container).dataset.state).toBe('idle');
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
  });

  it('says it is reconnecting and why, counts down (hidden from screen readers) and offers to retry now', () => {
    const retryNow = vi.fn();
    const { container } = render(
      <ConnectionStatus status={{ state: 'reconnecting', reason: 'disconnected', nextRetryInMs: 2400, retryNow }} />,
    );
    expect(root(container)).toHaveAttribute('data-state', 'reconnecting');
    expect(root(container)).toHaveAttribute('data-reason', 'disconnected');
    expect(screen.getByRole('status')).toHaveTextContent('Reconnecting… The connection dropped.');
    const countdown = container.querySelector('[data-rtckit-countdown]')!;
    expect(countdown).toHaveTextContent('Next try in 3 s');
    expect(countdown).toHaveAttribute('aria-hidden', 'true');
    expect(screen.getByRole('status')).not.toContainElement(countdown as HTMLElement);
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(retryNow).toHaveBeenCalledOnce();
  });

  it('shows no countdown while an attempt is in progress, and no button without retryNow', () => {
    const { container } = render(
      <ConnectionStatus status={{ state: 'reconnecting', reason: 'offline', nextRetryInMs: null }} />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Reconnecting… You are offline.');
    expect(container.querySelector('[data-rtckit-countdown]')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('alerts when it failed, with the reason and the hint, and offers to try again', () => {
    const retryNow = vi.fn();
    const error = new RtcKitError('reconnect-failed', { detail: 'No connection for 60 s.' });
    render(<ConnectionStatus status={{ state: 'failed', reason: 'signaling-lost', error, retryNow }} />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      `Could not reconnect. The server cannot be reached. ${error.hint}`,
    );
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(retryNow).toHaveBeenCalledOnce();
  });

  it('takes other words, children for the message, and forwards ref and props', () => {
    const ref = createRef<HTMLDivElement>();
    const { rerender } = render(
      <ConnectionStatus
        ref={ref}
        className="toast"
        data-testid="banner"
        style={{ color: 'red' }}
        status={{ state: 'reconnecting', reason: 'failed', nextRetryInMs: 1000, retryNow: () => {} }}
        labels={{
          reconnecting: 'Reconnexion…',
          retryNow: 'Réessayer',
          retryingIn: (s) => `dans ${s} s`,
          reasons: { failed: 'La connexion a échoué.' },
        }}
      />,
    );
    expect(ref.current).toBe(screen.getByTestId('banner'));
    expect(ref.current).toHaveClass('toast');
    expect(ref.current!.style.color).toBe('red');
    expect(ref.current!.style.display).toBe('flex');
    expect(screen.getByRole('status')).toHaveTextContent('Reconnexion… La connexion a échoué.');
    expect(screen.getByRole('button', { name: 'Réessayer' })).toBeInTheDocument();
    expect(ref.current).toHaveTextContent('dans 1 s');
    rerender(<ConnectionStatus status={{ state: 'reconnecting', reason: 'offline' }}>Hold on</ConnectionStatus>);
    expect(screen.getByRole('status')).toHaveTextContent(/^Hold on$/);
  });
});
