import type { Polygon } from '@lastmile/shared';

/** A spot clicked on the map, as Leaflet gives it: latitude first. */
export interface Vertex {
  lat: number;
  lng: number;
}

/** Six decimals of a degree is about 0.1 m: finer than anyone draws on a map. */
const round = (degrees: number) => Math.round(degrees * 1e6) / 1e6;

/**
 * The GeoJSON polygon of the corners clicked, in order: [lon, lat] (GeoJSON's order, not
 * Leaflet's), WGS84 as the map is, and closed — the first corner again at the end.
 */
export function toPolygon(vertices: readonly Vertex[]): Polygon {
  const ring = vertices.map(({ lat, lng }): [number, number] => [round(lng), round(lat)]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}
