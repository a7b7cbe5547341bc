import { useEffect } from 'react';
import L from 'leaflet';
import type { MapFeature } from '@lastmile/shared';
import { textElement } from './styles';

/** 星亮村村民委员会 → 星亮村, 神农社区居民委员会 → 神农社区: the name people use, shorter on the map. */
const shortName = (name: string) => name.replace(/(村民委员会|居民委员会|委员会)$/, '');

/** Names are written from this zoom on; further out they would overlap into a smudge. */
const labelZoom = 11;

/**
 * Villages (村、社区): a dot each, and their names once zoomed in. Without base tiles these are
 * what makes the map readable.
 */
export function VillageLabels(props: { map: L.Map; renderer: L.Renderer; features: MapFeature[] }) {
  const { map, renderer, features } = props;
  useEffect(() => {
    const dots = L.layerGroup().addTo(map);
    for (const feature of features) {
      L.circleMarker([feature.lat, feature.lon], { renderer, radius: 2, stroke: false, fillColor: '#595959', fillOpacity: 0.8, interactive: false }).addTo(dots);
    }
    const labels = L.layerGroup().addTo(map);
    const draw = () => {
      labels.clearLayers();
      if (map.getZoom() < labelZoom) {
        return;
      }
      const bounds = map.getBounds();
      for (const feature of features) {
        if (bounds.contains([feature.lat, feature.lon])) {
          const html = textElement(shortName(feature.name), {
            display: 'inline-block',
            transform: 'translate(-50%, 4px)',
            whiteSpace: 'nowrap',
            fontSize: '12px',
            color: '#434343',
            textShadow: '0 0 3px #fff, 0 0 3px #fff',
          });
          L.marker([feature.lat, feature.lon], {
            icon: L.divIcon({ html, className: 'one-map-village', iconSize: [0, 0] }),
            interactive: false,
            keyboard: false,
          }).addTo(labels);
        }
      }
    };
    draw();
    map.on('moveend', draw);
    return () => {
      map.off('moveend', draw);
      dots.remove();
      labels.remove();
    };
  }, [map, renderer, features]);
  return null;
}
