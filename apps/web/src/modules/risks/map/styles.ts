import { riskLevelColours, riskLevels, type MapFeature, type RiskLevel } from '@lastmile/shared';

/** Layers drawn as clustered points; grids and villages are few enough to draw whole. */
export const pointLayers = ['riskPoints', 'units', 'hazardSources'] as const;
export type PointLayer = (typeof pointLayers)[number];

export const unitColour = '#8c6d1f';
export const hazardSourceColour = '#722ed1';
export const majorHazardSourceColour = '#a8071a';
export const gridColour = '#08979c';

/**
 * Map panes, one per point layer so risk points are drawn over hazard sources over units,
 * whichever was switched on first. Leaflet's overlay pane (grids, villages) is at 400.
 */
export const paneOf: Record<PointLayer, { name: string; zIndex: number }> = {
  units: { name: 'oneMapUnits', zIndex: 410 },
  hazardSources: { name: 'oneMapHazardSources', zIndex: 420 },
  riskPoints: { name: 'oneMapRiskPoints', zIndex: 430 },
};

/**
 * How urgent a feature is, 0 the most: a risk point's level, a major hazard source before
 * others. A cluster takes its most urgent member's colour, so a red point is never hidden.
 */
export function urgencyOf(layer: PointLayer, feature: MapFeature): number {
  switch (layer) {
    case 'riskPoints': {
      const rank = riskLevels.indexOf(feature.level as RiskLevel);
      return rank < 0 ? riskLevels.length : rank;
    }
    case 'hazardSources':
      return feature.level === 'major' ? 0 : 1;
    case 'units':
      return 0;
  }
}

export function colourOf(layer: PointLayer, urgency: number): string {
  switch (layer) {
    case 'riskPoints':
      return riskLevelColours[riskLevels[urgency] ?? 'low'];
    case 'hazardSources':
      return urgency === 0 ? majorHazardSourceColour : hazardSourceColour;
    case 'units':
      return unitColour;
  }
}

/** A text element for a label or tooltip: names are set as text, never parsed as HTML. */
export function textElement(text: string, style: Partial<CSSStyleDeclaration> = {}): HTMLElement {
  const element = document.createElement('span');
  element.textContent = text;
  Object.assign(element.style, style);
  return element;
}
