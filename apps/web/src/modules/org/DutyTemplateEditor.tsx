import { useState } from 'react';
import { App, Button, Card, Input, Radio, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { dutyCardPostKinds, type DutyCardPostKind } from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { useDutyTemplates, useSaveDutyTemplate, type DutyTemplate } from './api';
import { reportError } from '../../lib/form-errors';

const maxLines = 20;
const maxLineLength = 300;

/**
 * The duties printed on the cards of the administrator's jurisdiction, one per line. Until it is
 * saved here, the text comes from a wider region or the built-in default (seed 004).
 */
export function DutyTemplateEditor() {
  const { t } = useTranslation();
  const me = useMe();
  const [postKind, setPostKind] = useState<DutyCardPostKind>('gridWorker');
  const templates = useDutyTemplates(me.scopeRegionCode);
  const template = templates.data?.items.find((item) => item.postKind === postKind);

  return (
    <Card size="small" title={t('org.templates.title')} data-testid="duty-template">
      {templates.error ? (
        <QueryError error={templates.error} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Radio.Group
            optionType="button"
            value={postKind}
            onChange={(event) => setPostKind(event.target.value as DutyCardPostKind)}
            options={dutyCardPostKinds.map((kind) => ({ value: kind, label: t(`org.cards.title.${kind}`) }))}
          />
          <Typography.Text type="secondary">{t('org.templates.hint', { region: me.scopeRegionName })}</Typography.Text>
          {template && (
            // A fresh editor whenever the stored text changes, so it always starts from what is saved.
            <TemplateText key={`${postKind}:${template.regionCode}:${template.lines.join('\n')}`} template={template} />
          )}
        </Space>
      )}
    </Card>
  );
}

function TemplateText({ template }: { template: DutyTemplate }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [text, setText] = useState(template.lines.join('\n'));
  const save = useSaveDutyTemplate();

  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const problem =
    lines.length === 0
      ? t('org.templates.empty')
      : lines.length > maxLines
        ? t('org.templates.tooMany', { max: maxLines })
        : lines.some((line) => line.length > maxLineLength)
          ? t('org.templates.tooLong', { max: maxLineLength })
          : undefined;
  const source =
    template.regionCode === null
      ? t('org.templates.fromDefault')
      : template.regionCode === me.scopeRegionCode
        ? t('org.templates.fromHere')
        : t('org.templates.fromAbove');

  const submit = async () => {
    try {
      await save.mutateAsync({ postKind: template.postKind, regionCode: me.scopeRegionCode, lines });
      void message.success(t('org.templates.saved'));
    } catch (error) {
      reportError(message, error);
    }
  };

  return (
    <>
      <Input.TextArea
        value={text}
        onChange={(event) => setText(event.target.value)}
        autoSize={{ minRows: 6, maxRows: 16 }}
        data-testid="duty-template-text"
      />
      <Space>
        <Button type="primary" onClick={() => void submit()} disabled={Boolean(problem)} loading={save.isPending} data-testid="duty-template-save">
          {t('common.save')}
        </Button>
        <Tag>{source}</Tag>
        {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
      </Space>
    </>
  );
}
