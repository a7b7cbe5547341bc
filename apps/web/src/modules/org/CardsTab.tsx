import { useState } from 'react';
import { Button, Empty, Space, Spin, Typography } from 'antd';
import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMe, isAdmin } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { RegionCascader } from '../../components/RegionCascader';
import { apiUrl } from '../../lib/api';
import { useDutyCards } from './api';
import { DutyCardView } from './DutyCardView';
import { DutyTemplateEditor } from './DutyTemplateEditor';
import { regionLevelOf } from '@lastmile/shared';

/** 责任卡: the cards of a village's grid heads and workers, to print or download. */
export function CardsTab() {
  const { t } = useTranslation();
  const me = useMe();
  const [picked, setPicked] = useState<string>();
  const chosen = picked ?? me.scopeRegionCode;
  const villageCode = regionLevelOf(chosen) === 'village' ? chosen : undefined;
  const cards = useDutyCards({ regionCode: villageCode });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap size="large">
        <div style={{ width: 320 }}>
          <RegionCascader
            levels={['village']}
            value={picked}
            onChange={setPicked}
            placeholder={villageCode === me.scopeRegionCode ? me.scopeRegionName : t('org.pickVillage')}
            data-testid="card-village"
          />
        </div>
        <Button
          icon={<PrinterOutlined />}
          disabled={!villageCode}
          href={villageCode ? `/org/cards/print?regionCode=${villageCode}` : undefined}
          target="_blank"
          data-testid="card-print"
        >
          {t('org.cards.print')}
        </Button>
        <Button
          icon={<FilePdfOutlined />}
          disabled={!villageCode}
          href={villageCode ? apiUrl('/org/duty-cards.pdf', { regionCode: villageCode }) : undefined}
          data-testid="card-pdf"
        >
          {t('org.cards.pdf')}
        </Button>
      </Space>
      {!villageCode && <Typography.Text type="secondary">{t('org.cards.pickVillageHint')}</Typography.Text>}
      {cards.error && <QueryError error={cards.error} />}
      {villageCode && cards.isPending && <Spin />}
      {cards.data &&
        (cards.data.items.length === 0 ? (
          <Empty description={t('org.cards.none')} />
        ) : (
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }} data-testid="duty-cards">
            {cards.data.items.map((card) => (
              <DutyCardView key={`${card.personId}:${card.grid.id}:${card.postKind}`} card={card} />
            ))}
          </div>
        ))}
      {isAdmin(me) && <DutyTemplateEditor />}
    </Space>
  );
}
