import { createRequiredContext } from '../lib/required-context.ts';

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'alert';
}

export interface ToastState {
  toasts: Toast[];
  notify(text: string, tone?: Toast['tone']): void;
  dismiss(id: number): void;
}

export const [ToastContext, useToasts] = createRequiredContext<ToastState>('useToasts', 'ToastProvider');
