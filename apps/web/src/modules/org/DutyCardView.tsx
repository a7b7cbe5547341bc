import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact, DutyCard } from '@lastmile/shared';

/**
 * A card is an official paper: Chinese whatever the interface language, like its duties text and
 * the PDF the server renders.
 */
const cardLanguage = { lng: 'zh-CN' };

/**
 * One duty card (责任卡) in plain markup sized in millimetres, so the same card reads on screen
 * and prints on A6. The parent decides the outer size.
 */
export function DutyCardView({ card, style }: { card: DutyCard; style?: CSSProperties }) {
  const { t } = useTranslation(undefined, cardLanguage);
  const grid = card.grid;
  return (
    <article style={{ ...styles.card, ...style }} data-testid="duty-card">
      <header style={styles.header}>
        <div style={styles.title}>{t(`org.cards.title.${card.postKind}`)}</div>
        <div style={styles.subtitle}>
          {card.township.name} · {card.village.name}
        </div>
      </header>
      <table style={styles.facts}>
        <tbody>
          <tr>
            <th style={styles.th}>{t('org.cards.name')}</th>
            <td style={styles.td}>
              <strong>{card.name}</strong>
            </td>
            <th style={styles.th}>{t('org.cards.mobile')}</th>
            <td style={styles.td}>{card.mobile}</td>
          </tr>
          <tr>
            <th style={styles.th}>{t('org.cards.grid')}</th>
            <td style={styles.td} colSpan={3}>
              {grid.name}（{t(`org.gridKinds.${grid.kind}`)}）
              {t('org.cards.gridSize', { households: grid.households ?? '—', residents: grid.residents ?? '—' })}
            </td>
          </tr>
        </tbody>
      </table>
      <section>
        <h4 style={styles.heading}>{t('org.cards.duties')}</h4>
        <ol style={styles.duties}>
          {card.duties.map((duty, index) => (
            <li key={index}>{duty}</li>
          ))}
        </ol>
      </section>
      <Contacts title={t('org.cards.upperContacts')} contacts={card.upperContacts} />
      <Contacts title={t('org.cards.lowerContacts')} contacts={card.lowerContacts} />
      {card.riskSummary && (
        <section>
          <h4 style={styles.heading}>{t('org.cards.risks')}</h4>
          <p style={styles.paragraph}>{card.riskSummary}</p>
        </section>
      )}
    </article>
  );
}

function Contacts({ title, contacts }: { title: string; contacts: Contact[] }) {
  const { t } = useTranslation(undefined, cardLanguage);
  if (contacts.length === 0) {
    return null;
  }
  return (
    <section>
      <h4 style={styles.heading}>{title}</h4>
      <table style={styles.facts}>
        <tbody>
          {contacts.map((contact, index) => (
            <tr key={index}>
              <td style={styles.td}>{contact.role === 'dutyPhone' ? t('org.cards.dutyPhone') : t(`org.postKinds.${contact.role}`)}</td>
              <td style={styles.td}>{contact.name}</td>
              <td style={{ ...styles.td, textAlign: 'right', whiteSpace: 'nowrap' }}>{contact.phone}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const line = '0.2mm solid #7f1d1d';

const styles = {
  card: {
    boxSizing: 'border-box',
    width: '105mm',
    padding: '5mm 6mm',
    border: line,
    borderTop: '3mm solid #c0392b',
    background: '#fff',
    color: '#111',
    fontSize: '8.5pt',
    lineHeight: 1.45,
    overflow: 'hidden',
    printColorAdjust: 'exact',
  },
  header: { textAlign: 'center', marginBottom: '2mm' },
  title: { fontSize: '14pt', fontWeight: 700, letterSpacing: '0.1em', color: '#7f1d1d' },
  subtitle: { color: '#555' },
  facts: { width: '100%', borderCollapse: 'collapse', marginBottom: '1.5mm' },
  th: { textAlign: 'left', fontWeight: 400, color: '#555', whiteSpace: 'nowrap', padding: '0.5mm 1.5mm 0.5mm 0', verticalAlign: 'top' },
  td: { padding: '0.5mm 1.5mm 0.5mm 0', verticalAlign: 'top' },
  heading: { margin: '1.5mm 0 0.5mm', fontSize: '9pt', borderBottom: line, color: '#7f1d1d' },
  duties: { margin: 0, paddingInlineStart: '5mm' },
  paragraph: { margin: 0 },
} satisfies Record<string, CSSProperties>;
