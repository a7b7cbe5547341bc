import { useCallback, useEffect, useRef, useState } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { riskLevels, type LonLat, type MapConfig, type MapFeature, type MapLayer } from '@lastmile/shared';
import { useMapConfig, useMapLayers, type MapFilters, type SelectedFeature } from './api';
import { ClusterLayer } from './map/ClusterLayer';
import { GridLayer } from './map/GridLayer';
import { VillageLabels } from './map/VillageLabels';
import { FeatureDetail } from './map/FeatureDetail';
import { AreaDrawer, type AreaTarget } from './map/AreaDrawer';
import { MapLegend } from './map/MapLegend';
import { MapPanel } from './map/MapPanel';
import { pointLayers, type PointLayer } from './map/styles';

declare global {
  interface Window {
    /** The one-map's Leaflet map, for browser tests to find a feature's pixel. */
    __oneMap?: L.Map;
  }
}

/** 随县, where the map opens when the scope has no centre and nothing to fit. */
const defaultCentre: LonLat = { lon: 113.3, lat: 31.85 };
const defaultZoom = 10;

/** Where the view is: the visible area and a margin, rounded so small pans ask nothing new. */
function viewBboxOf(map: L.Map): string {
  const bounds = map.getBounds().pad(0.25);
  return [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
    .map((value, index) => Math.min(Math.max(value, index % 2 === 0 ? -180 : -90), index % 2 === 0 ? 180 : 90).toFixed(3))
    .join(',');
}

/**
 * The Leaflet map, built on the element the returned ref is given (and removed with it), with
 * one canvas renderer for every vector feature.
 */
function useLeafletMap() {
  const [state, setState] = useState<{ element: HTMLDivElement; map: L.Map; renderer: L.Renderer }>();
  const ref = useCallback((element: HTMLDivElement | null) => {
    if (!element) {
      return;
    }
    const renderer = L.canvas({ padding: 0.5 });
    const map = L.map(element, { center: [defaultCentre.lat, defaultCentre.lon], zoom: defaultZoom, minZoom: 3, maxZoom: 18, renderer });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noreferrer">Leaflet</a>');
    element.setAttribute('data-feature-count', '0');
    window.__oneMap = map;
    // The side panel or the window may resize the map's box.
    const resized = new ResizeObserver(() => map.invalidateSize());
    resized.observe(element);
    setState({ element, map, renderer });
    return () => {
      resized.disconnect();
      delete window.__oneMap;
      map.remove();
      setState(undefined);
    };
  }, []);
  return { ref, leaflet: state };
}

/** The base tiles of the deployment (e.g. 天地图), if it has any; coordinates stay WGS84. */
function useBaseTiles(map: L.Map | undefined, config: MapConfig | undefined) {
  useEffect(() => {
    if (!map || !config?.tileUrl) {
      return;
    }
    const options = { subdomains: config.subdomains, maxZoom: 18 };
    const tiles = [
      L.tileLayer(config.tileUrl, { ...options, attribution: config.attribution ?? undefined }),
      ...(config.labelTileUrl ? [L.tileLayer(config.labelTileUrl, options)] : []),
    ];
    tiles.forEach((layer) => layer.addTo(map));
    return () => tiles.forEach((layer) => layer.remove());
  }, [map, config]);
}

/**
 * 一张图: risk points by level, units, hazard sources, grids and villages on one map. Points are
 * clustered in the browser; a click opens the feature's details with the people to call, and
 * editors draw a grid's boundary or a risk point's area there.
 */
export function OneMap() {
  const { ref, leaflet } = useLeafletMap();
  const map = leaflet?.map;
  const config = useMapConfig();
  useBaseTiles(map, config.data);
  const [layers, setLayers] = useState<MapLayer[]>(['riskPoints', 'villages']);
  const [filters, setFilters] = useState<MapFilters>({ level: [...riskLevels] });
  const [viewBbox, setViewBbox] = useState<string>();
  const [selected, setSelected] = useState<SelectedFeature & { name: string }>();
  const [drawing, setDrawing] = useState<AreaTarget>();
  // While drawing, a click places a corner and opens nothing. A ref, so the layers' click
  // handlers (and the layers) stay as they are when drawing starts.
  const isDrawing = useRef(false);
  useEffect(() => {
    isDrawing.current = drawing !== undefined;
  }, [drawing]);
  const stopDrawing = useCallback(() => setDrawing(undefined), []);
  // No level ticked, no risk point to ask for.
  const asked = layers.filter((layer) => layer !== 'riskPoints' || filters.level.length > 0);
  const results = useMapLayers(asked, filters, viewBbox);
  const featuresOf = (layer: MapLayer): MapFeature[] | undefined => results.find((result) => result.layer === layer)?.data?.features;

  useEffect(() => {
    if (!map) {
      return;
    }
    const moved = () => setViewBbox(viewBboxOf(map));
    moved();
    map.on('moveend', moved);
    return () => {
      map.off('moveend', moved);
    };
  }, [map]);

  // Once, when the first answers are in: show everything found, or the scope's centre.
  const fitted = useRef(false);
  useEffect(() => {
    if (!map || fitted.current || config.isPending || results.some((result) => !result.data && !result.error)) {
      return;
    }
    fitted.current = true;
    const found = results.filter((result) => result.layer !== 'villages').flatMap((result) => result.data?.features ?? []);
    if (found.length > 0) {
      map.fitBounds(L.latLngBounds(found.map((feature) => [feature.lat, feature.lon])), { padding: [32, 32], maxZoom: 15 });
    } else {
      const centre = config.data?.centre ?? defaultCentre;
      map.setView([centre.lat, centre.lon], defaultZoom);
    }
  }, [map, config.isPending, config.data, results]);

  // Leaves and clusters drawn, for tests to wait on: kept on the container, not in React state.
  const counts = useRef<Partial<Record<PointLayer, number>>>({});
  const onCount = useCallback((layer: PointLayer, count: number) => {
    counts.current[layer] = count;
    const total = Object.values(counts.current).reduce((sum, each) => sum + each, 0);
    leaflet?.element.setAttribute('data-feature-count', String(total));
  }, [leaflet]);
  const onSelect = useCallback(
    (layer: PointLayer | 'grids', feature: MapFeature) => {
      if (!isDrawing.current) {
        setSelected({ layer, id: feature.id, regionCode: feature.regionCode, name: feature.name });
      }
    },
    [],
  );
  const onSelectGrid = useCallback((feature: MapFeature) => onSelect('grids', feature), [onSelect]);

  const firstError = results.find((result) => result.error)?.error ?? config.error ?? undefined;
  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'stretch' }}>
      <MapPanel
        layers={layers}
        onLayers={setLayers}
        filters={filters}
        onFilters={setFilters}
        loading={results.some((result) => result.isFetching)}
        truncated={results.some((result) => result.truncated)}
        error={firstError}
      />
      <div style={{ position: 'relative', flex: 1, minWidth: 0 }}>
        <div
          ref={ref}
          data-testid="one-map"
          // Without base tiles the map is a plain light sheet; village names carry it.
          style={{ height: 'calc(100vh - 260px)', minHeight: 480, borderRadius: 8, background: config.data?.tileUrl ? undefined : '#f5f3ee' }}
        />
        {leaflet && (
          <>
            {pointLayers.map((layer) => {
              const features = featuresOf(layer);
              return (
                features && (
                  <ClusterLayer
                    key={layer}
                    map={leaflet.map}
                    layer={layer}
                    features={features}
                    onSelect={onSelect}
                    onCount={onCount}
                  />
                )
              );
            })}
            {featuresOf('grids') && (
              <GridLayer map={leaflet.map} renderer={leaflet.renderer} features={featuresOf('grids')!} onSelect={onSelectGrid} />
            )}
            {featuresOf('villages') && <VillageLabels map={leaflet.map} renderer={leaflet.renderer} features={featuresOf('villages')!} />}
            {drawing && <AreaDrawer map={leaflet.map} renderer={leaflet.renderer} target={drawing} onDone={stopDrawing} />}
          </>
        )}
        <MapLegend />
        {selected && !drawing && (
          <div style={{ position: 'absolute', top: 12, right: 12, bottom: 12, zIndex: 1000, pointerEvents: 'none', display: 'flex', alignItems: 'flex-start' }}>
            <div style={{ pointerEvents: 'auto', maxHeight: '100%', display: 'flex' }}>
              <FeatureDetail selected={selected} name={selected.name} onClose={() => setSelected(undefined)} onDrawArea={setDrawing} />
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
