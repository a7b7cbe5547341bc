import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { DutyCard } from '@lastmile/shared';
import { QueryError } from '../../components/QueryError';
import { useDutyCards } from './api';
import { DutyCardView } from './DutyCardView';

/**
 * Four A6 cards to an A4 sheet, two by two, a page break after each sheet. The page prints as it
 * is shown (Ctrl+P); it opens no dialog by itself.
 */
const printCss = `
@page { size: A4; margin: 0; }
body { margin: 0; background: #d9d9d9; }
.duty-sheet {
  box-sizing: border-box;
  width: 210mm;
  height: 297mm;
  margin: 8mm auto;
  display: grid;
  grid-template-columns: repeat(2, 105mm);
  grid-template-rows: repeat(2, 148.5mm);
  background: #fff;
  box-shadow: 0 1mm 4mm rgba(0, 0, 0, 0.25);
  overflow: hidden;
  break-after: page;
  page-break-after: always;
}
.duty-sheet:last-child { break-after: auto; page-break-after: auto; }
.duty-slot { box-sizing: border-box; padding: 3mm; overflow: hidden; border: 0.1mm dashed #ccc; }
@media print {
  body { background: none; }
  .duty-sheet { margin: 0; box-shadow: none; }
}
`;

const perSheet = 4;

function toSheets(cards: DutyCard[]): DutyCard[][] {
  const sheets: DutyCard[][] = [];
  for (let index = 0; index < cards.length; index += perSheet) {
    sheets.push(cards.slice(index, index + perSheet));
  }
  return sheets;
}

/** /org/cards/print?regionCode=… (a village) or ?personId=…: only the cards, no app around them. */
export function CardsPrintPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const cards = useDutyCards({
    regionCode: params.get('regionCode') ?? undefined,
    personId: params.get('personId') ?? undefined,
  });

  if (cards.error) {
    return <QueryError error={cards.error} />;
  }
  return (
    <>
      <style>{printCss}</style>
      {cards.isLoading && <p style={{ textAlign: 'center' }}>{t('common.loading')}</p>}
      {cards.data?.items.length === 0 && <p style={{ textAlign: 'center' }}>{t('org.cards.none')}</p>}
      <main data-testid="duty-card-sheets">
        {toSheets(cards.data?.items ?? []).map((sheet, index) => (
          <section className="duty-sheet" key={index}>
            {sheet.map((card) => (
              <div className="duty-slot" key={`${card.personId}:${card.grid.id}:${card.postKind}`}>
                <DutyCardView card={card} style={{ width: '100%', height: '100%' }} />
              </div>
            ))}
          </section>
        ))}
      </main>
    </>
  );
}
