import { createContext, useContext } from 'react';

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

export const ToastContext = createContext<ToastState | null>(null);

export function useToasts(): ToastState {
  const state = useContext(ToastContext);
  if (!state) throw new Error('useToasts needs a ToastProvider above it');
  return state;
}
