/** Socket.IO namespaces: customers chat through the widget on one, operators work on the other. */
export const NAMESPACES = {
  customer: '/customer',
  operator: '/operator',
} as const;

export type NamespaceName = (typeof NAMESPACES)[keyof typeof NAMESPACES];
