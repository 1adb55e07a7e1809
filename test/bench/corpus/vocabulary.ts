/** Words the corpus generators build realistic service names from. */
export const DOMAINS = [
  'billing', 'inventory', 'orders', 'payments', 'shipping', 'catalog', 'accounts', 'search', 'notify', 'pricing',
  'ledger', 'profiles', 'sessions', 'reviews', 'coupons', 'returns', 'fulfil', 'tax', 'fraud', 'loyalty',
  'media', 'reports', 'audit', 'gateway', 'quotes', 'vendors', 'warehouse', 'tracking', 'invoices', 'refunds',
] as const;

export const ENTITIES = [
  'Order', 'Invoice', 'Customer', 'Payment', 'Shipment', 'Product', 'Account', 'Refund', 'Quote', 'Vendor',
  'Review', 'Coupon', 'Session', 'Report', 'Ticket', 'Parcel', 'Price', 'Stock', 'Address', 'Receipt',
] as const;

export const VERBS = ['fetch', 'load', 'sync', 'lookup', 'refresh', 'resolve', 'check', 'push', 'collect', 'verify'] as const;

export const HOSTS = [
  'http://billing.internal:8080', 'http://inventory.svc.cluster.local', 'https://api.partner.example.com',
  'http://127.0.0.1:9000', 'https://payments.example.net', 'http://search:9200', 'https://hooks.example.org',
  'http://pricing.internal', 'https://geo.example.com', 'http://ledger.internal:7000',
] as const;

export const FILE_TOPICS = [
  'handlers', 'sync', 'worker', 'reports', 'webhook', 'health', 'retry', 'proxy', 'export', 'importer',
  'cache', 'audit', 'metrics', 'upstream', 'batch', 'admin', 'callbacks', 'poller', 'routes', 'jobs',
] as const;

export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

export function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Hands out names that are unique within one package/module scope. */
export class NameRegistry {
  private readonly used = new Map<string, number>();

  unique(base: string): string {
    const n = this.used.get(base) ?? 0;
    this.used.set(base, n + 1);
    return n === 0 ? base : `${base}${n + 1}`;
  }
}
