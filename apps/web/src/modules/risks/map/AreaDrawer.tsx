import { useEffect, useState } from 'react';
import L from 'leaflet';
import { App, Button, Popconfirm, Space, Typography } from 'antd';
import { EditOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ledgerEditorRoles, orgEditorRoles } from '@lastmile/shared';
import { useMe } from '../../../app/session';
import { reportError } from '../../../lib/form-errors';
import { useSaveArea, type AreaLayer } from '../api';
import { toPolygon } from './area';

/** The record whose extent is drawn: a grid (its boundary) or a risk point (its area). */
export interface AreaTarget {
  layer: AreaLayer;
  id: string;
  name: string;
}

const drawingColour = '#1677ff';

/** 绘制范围 and 清除范围 in a grid's or a risk point's details, for those who may edit it. */
export function AreaActions(props: { target: AreaTarget; hasArea: boolean; onDraw: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const save = useSaveArea();
  const editors = props.target.layer === 'grids' ? orgEditorRoles : ledgerEditorRoles;
  if (!editors.includes(me.role)) {
    return null;
  }

  const clear = async () => {
    try {
      await save.mutateAsync({ ...props.target, area: null });
      void message.success(t('risks.map.area.cleared'));
    } catch (error) {
      reportError(message, error);
    }
  };
  return (
    <Space style={{ marginTop: 12 }}>
      <Button size="small" icon={<EditOutlined />} onClick={props.onDraw} data-testid="area-draw">
        {props.hasArea ? t('risks.map.area.redraw') : t('risks.map.area.draw')}
      </Button>
      {props.hasArea && (
        <Popconfirm
          title={t('risks.map.area.clearConfirm', { name: props.target.name })}
          okText={t('risks.map.area.clear')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() => void clear()}
        >
          <Button size="small" danger loading={save.isPending} data-testid="area-clear">
            {t('risks.map.area.clear')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

/**
 * Drawing mode: each click on the map places a corner, outlined (dashed) on the map's canvas;
 * 完成 saves the closed polygon, 取消 or Escape leaves without saving. The number of corners is
 * kept on the map's element (`data-drawing-points`) for tests.
 */
export function AreaDrawer(props: {
  map: L.Map;
  renderer: L.Renderer;
  target: AreaTarget;
  onDone: () => void;
}) {
  const { map, renderer, target, onDone } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveArea();
  const [vertices, setVertices] = useState<L.LatLng[]>([]);

  useEffect(() => {
    const container = map.getContainer();
    // wrap(): a map panned round the globe still gives longitudes within ±180.
    const place = (event: L.LeafletMouseEvent) =>
      setVertices((current) => [...current, event.latlng.wrap()]);
    map.on('click', place);
    // Two quick corners are not a double click to zoom in.
    map.doubleClickZoom.disable();
    L.DomUtil.addClass(container, 'leaflet-crosshair');
    return () => {
      map.off('click', place);
      map.doubleClickZoom.enable();
      L.DomUtil.removeClass(container, 'leaflet-crosshair');
      container.removeAttribute('data-drawing-points');
    };
  }, [map]);

  useEffect(() => {
    map.getContainer().setAttribute('data-drawing-points', String(vertices.length));
    // Not interactive: a click on the outline places a corner like any other.
    const line = {
      renderer,
      color: drawingColour,
      weight: 2,
      dashArray: '6 4',
      interactive: false,
    };
    const outline =
      vertices.length >= 3
        ? L.polygon(vertices, { ...line, fillOpacity: 0.12 })
        : L.polyline(vertices, line);
    const corners = vertices.map((vertex) =>
      L.circleMarker(vertex, {
        renderer,
        radius: 4,
        color: drawingColour,
        weight: 2,
        fillColor: '#fff',
        fillOpacity: 1,
        interactive: false,
      }),
    );
    const group = L.layerGroup([outline, ...corners]).addTo(map);
    return () => {
      group.remove();
    };
  }, [map, renderer, vertices]);

  useEffect(() => {
    const escape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        onDone();
      }
    };
    document.addEventListener('keydown', escape);
    return () => document.removeEventListener('keydown', escape);
  }, [onDone]);

  const finish = async () => {
    try {
      await save.mutateAsync({ ...target, area: toPolygon(vertices) });
      void message.success(t('risks.map.area.saved'));
      onDone();
    } catch (error) {
      reportError(message, error);
    }
  };
  return (
    <div
      data-testid="area-drawing"
      style={{
        position: 'absolute',
        top: 12,
        left: 56,
        right: 12,
        zIndex: 1000,
        display: 'flex',
        justifyContent: 'center',
        pointerEvents: 'none',
      }}
    >
      <Space
        wrap
        style={{
          pointerEvents: 'auto',
          background: 'rgba(255,255,255,.95)',
          padding: '8px 12px',
          borderRadius: 6,
          boxShadow: '0 2px 8px rgba(0,0,0,.2)',
        }}
      >
        <Typography.Text strong>
          {t('risks.map.area.drawing', { name: target.name })}
        </Typography.Text>
        <Typography.Text type="secondary">{t('risks.map.area.hint')}</Typography.Text>
        <Typography.Text type={vertices.length < 3 ? 'warning' : 'success'}>
          {t('risks.map.area.points', { count: vertices.length })}
        </Typography.Text>
        <Button
          size="small"
          icon={<UndoOutlined />}
          disabled={vertices.length === 0}
          onClick={() => setVertices((current) => current.slice(0, -1))}
          data-testid="area-undo"
        >
          {t('risks.map.area.undo')}
        </Button>
        <Button
          size="small"
          type="primary"
          disabled={vertices.length < 3}
          loading={save.isPending}
          onClick={() => void finish()}
          data-testid="area-finish"
        >
          {t('risks.map.area.finish')}
        </Button>
        <Button size="small" onClick={onDone} data-testid="area-cancel">
          {t('common.cancel')}
        </Button>
      </Space>
    </div>
  );
}
