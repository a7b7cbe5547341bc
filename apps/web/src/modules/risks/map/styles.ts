import { riskLevelColours, riskLevels, type MapFeature, type RiskLevel } from '@lastmile/shared';

/** Layers drawn as clustered points; grids and villages are few enough to draw whole. */
export const pointLayers = ['riskPoints', 'units', 'hazardSources', 'hazards'] as const;
export type PointLayer = (typeof pointLayers)[number];

export const unitColour = '#8c6d1f';
export const hazardSourceColour = '#722ed1';
export const majorHazardSourceColour = '#a8071a';
export const gridColour = '#08979c';
/** Open hazards: overdue ones red (as everywhere), major ones orange-red, the rest blue. */
export const hazardColours = { overdue: '#f5222d', major: '#fa541c', general: '#2f54eb' } as const;
const hazardUrgency = ['overdue', 'major', 'general'] as const;

/**
 * Map panes, one per point layer so risk points are drawn over hazard sources over units,
 * whichever was switched on first. Leaflet's overlay pane (grids, villages) is at 400.
 */
export const paneOf: Record<PointLayer, { name: string; zIndex: number }> = {
  units: { name: 'oneMapUnits', zIndex: 410 },
  hazardSources: { name: 'oneMapHazardSources', zIndex: 420 },
  riskPoints: { name: 'oneMapRiskPoints', zIndex: 430 },
  hazards: { name: 'oneMapHazards', zIndex: 440 },
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
    case 'hazards': {
      const rank = hazardUrgency.indexOf(feature.level as (typeof hazardUrgency)[number]);
      return rank < 0 ? hazardUrgency.length - 1 : rank;
    }
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
    case 'hazards':
      return hazardColours[hazardUrgency[urgency] ?? 'general'];
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
