import { useEffect, useMemo } from 'react';
import L from 'leaflet';
import Supercluster from 'supercluster';
import type { MapFeature } from '@lastmile/shared';
import { colourOf, paneOf, textElement, urgencyOf, type PointLayer } from './styles';

interface LeafProps {
  index: number;
  urgency: number;
}
interface ClusterProps {
  urgency: number;
}

function clusterIcon(count: number, label: string | number, colour: string): L.DivIcon {
  const size = count < 10 ? 28 : count < 100 ? 34 : count < 1000 ? 40 : 46;
  const html = textElement(String(label), {
    display: 'block',
    width: `${size}px`,
    height: `${size}px`,
    lineHeight: `${size}px`,
    borderRadius: '50%',
    background: colour,
    color: '#fff',
    fontSize: '12px',
    fontWeight: '600',
    textAlign: 'center',
    textShadow: '0 0 2px rgba(0,0,0,.6)',
    boxShadow: `0 0 0 4px ${colour}55`,
  });
  return L.divIcon({ html, className: 'one-map-cluster', iconSize: [size, size] });
}

/**
 * One layer of points, clustered in the browser (supercluster): the index is built once per
 * data change, and only what is in view is drawn, again after every move or zoom. Leaves are
 * canvas circle markers, clusters small labelled icons, so 10,000 points stay smooth.
 */
export function ClusterLayer(props: {
  map: L.Map;
  layer: PointLayer;
  features: MapFeature[];
  onSelect: (layer: PointLayer, feature: MapFeature) => void;
  onCount: (layer: PointLayer, count: number) => void;
}) {
  const { map, layer, features, onSelect, onCount } = props;
  const index = useMemo(
    () =>
      new Supercluster<LeafProps, ClusterProps>({
        radius: 60,
        maxZoom: 16,
        map: (leaf) => ({ urgency: leaf.urgency }),
        reduce: (cluster, other) => {
          cluster.urgency = Math.min(cluster.urgency, other.urgency);
        },
      }).load(
        features.map((feature, position) => ({
          type: 'Feature' as const,
          geometry: { type: 'Point' as const, coordinates: [feature.lon, feature.lat] },
          properties: { index: position, urgency: urgencyOf(layer, feature) },
        })),
      ),
    [features, layer],
  );

  useEffect(() => {
    // The layer's own pane and canvas, so the layers stack in a fixed order.
    const pane = paneOf[layer].name;
    if (!map.getPane(pane)) {
      map.createPane(pane).style.zIndex = String(paneOf[layer].zIndex);
    }
    const renderer = L.canvas({ padding: 0.5, pane });
    const points = L.layerGroup().addTo(map);
    // Areas (a risk point's polygon) are drawn whole: few, and useful at every zoom.
    const areas = L.layerGroup().addTo(map);
    for (const feature of features) {
      if (feature.area) {
        const colour = colourOf(layer, urgencyOf(layer, feature));
        L.polygon(
          feature.area.coordinates.map((ring) => ring.map(([lon, lat]) => [lat, lon] as L.LatLngTuple)),
          { renderer, color: colour, weight: 2, fillOpacity: 0.15 },
        )
          .on('click', () => onSelect(layer, feature))
          .addTo(areas);
      }
    }

    const draw = () => {
      points.clearLayers();
      const bounds = map.getBounds();
      const zoom = Math.round(map.getZoom());
      const shown = index.getClusters([bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()], zoom);
      for (const item of shown) {
        const [lon, lat] = item.geometry.coordinates as [number, number];
        const colour = colourOf(layer, item.properties.urgency);
        if ('cluster' in item.properties) {
          const { cluster_id: clusterId, point_count: count, point_count_abbreviated: label } = item.properties;
          L.marker([lat, lon], { icon: clusterIcon(count, label, colour), zIndexOffset: (10 - item.properties.urgency) * 1000 })
            .on('click', () => map.setView([lat, lon], Math.min(index.getClusterExpansionZoom(clusterId), map.getMaxZoom())))
            .addTo(points);
        } else {
          const feature = features[item.properties.index]!;
          L.circleMarker([lat, lon], { renderer, radius: 7, color: '#fff', weight: 1.5, fillColor: colour, fillOpacity: 0.95 })
            .bindTooltip(() => textElement(feature.name))
            .on('click', () => onSelect(layer, feature))
            .addTo(points);
        }
      }
      onCount(layer, shown.length);
    };
    draw();
    map.on('moveend', draw);
    return () => {
      map.off('moveend', draw);
      points.remove();
      areas.remove();
      renderer.remove();
      onCount(layer, 0);
    };
  }, [map, layer, features, index, onSelect, onCount]);

  return null;
}
