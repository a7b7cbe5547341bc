import { useEffect } from 'react';
import L from 'leaflet';
import type { MapFeature } from '@lastmile/shared';
import { gridColour, textElement } from './styles';

/** Grids (网格): their boundary where drawn, else a marker at their centre. */
export function GridLayer(props: { map: L.Map; renderer: L.Renderer; features: MapFeature[]; onSelect: (feature: MapFeature) => void }) {
  const { map, renderer, features, onSelect } = props;
  useEffect(() => {
    const group = L.layerGroup().addTo(map);
    for (const feature of features) {
      const shape = feature.area
        ? L.polygon(
            feature.area.coordinates.map((ring) => ring.map(([lon, lat]) => [lat, lon] as L.LatLngTuple)),
            { renderer, color: gridColour, weight: 1.5, dashArray: '4 4', fillOpacity: 0.06 },
          )
        : L.circleMarker([feature.lat, feature.lon], { renderer, radius: 5, color: gridColour, weight: 2, fillColor: '#fff', fillOpacity: 1 });
      shape
        .bindTooltip(() => textElement(feature.name))
        .on('click', () => onSelect(feature))
        .addTo(group);
    }
    return () => {
      group.remove();
    };
  }, [map, renderer, features, onSelect]);
  return null;
}
