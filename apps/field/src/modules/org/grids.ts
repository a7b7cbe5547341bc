import type { FieldGrid } from '@lastmile/shared';

/** The worker's own grids (where they hold a post); everything in their region when none is. */
export function myGrids(grids: FieldGrid[]): FieldGrid[] {
  const mine = grids.filter((grid) => grid.mine);
  return (mine.length > 0 ? mine : grids).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
