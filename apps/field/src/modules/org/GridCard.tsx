import type { FieldGrid } from '@lastmile/shared';
import { t } from '../../lib/strings';

/** One grid at a glance: where it is and how many households, residents and risk points. */
export function GridCard(props: { grid: FieldGrid; riskPoints: number }) {
  const { grid } = props;
  return (
    <div className="card grid-card" data-testid="grid-card" data-id={grid.id}>
      <div className="card-title">{grid.name}</div>
      <div className="card-meta">
        {grid.townshipName} · {grid.regionName}
      </div>
      <div className="figures">
        <div className="figure">
          <strong data-testid="grid-households">{grid.households ?? '—'}</strong>
          <span>{t('households')}</span>
        </div>
        <div className="figure">
          <strong>{grid.residents ?? '—'}</strong>
          <span>{t('residents')}</span>
        </div>
        <div className="figure">
          <strong>{props.riskPoints}</strong>
          <span>{t('riskPointsCount')}</span>
        </div>
      </div>
    </div>
  );
}
