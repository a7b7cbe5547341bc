/**
 * The product's modules in menu order (names from DESIGN.md). `path` is set once a module has
 * pages; the rest show as "coming soon" so users see where the product is going.
 */
export interface ModuleEntry {
  key: string;
  path?: string;
  adminOnly?: boolean;
}

export const workModules: ModuleEntry[] = [
  { key: 'regions', path: '/regions' },
  { key: 'org', path: '/org' },
  { key: 'units', path: '/units' },
  { key: 'risks', path: '/risks' },
  { key: 'hazards', path: '/hazards' },
  { key: 'warnings', path: '/warnings' },
  { key: 'duty' },
  { key: 'incidents' },
  { key: 'disasters' },
  { key: 'resources' },
  { key: 'plans' },
  { key: 'training' },
  { key: 'governance' },
  { key: 'assessment' },
];

export const systemModules: ModuleEntry[] = [
  { key: 'users', path: '/users', adminOnly: true },
  { key: 'audit', path: '/audit', adminOnly: true },
];
