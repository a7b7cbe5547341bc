import { useRef, useState, type ChangeEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Form, Input, Result, Select, Space, Typography } from 'antd';
import {
  AimOutlined,
  CameraOutlined,
  CloseCircleFilled,
  CopyOutlined,
  PhoneOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { anyPhone, type LonLat, type SubmitPublicReportBody } from '@lastmile/shared';
import { ApiError, fieldErrors } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import type { PublicReportReceipt } from '@lastmile/shared';
import { usePublicReportForm, useSubmitPublicReport } from '../api';
import { copyText } from './copy-text';

/** What the server takes: JPEG, PNG or WebP, at most 5 MB each, three at most. */
const photoTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
type PhotoType = (typeof photoTypes)[number];
const maxPhotoBytes = 5 * 1024 * 1024;
const maxPhotos = 3;

interface Photo {
  key: string;
  mediaType: PhotoType;
  /** Base64 of the file, without the data-URL prefix. */
  data: string;
  preview: string;
}

interface FormValues {
  regionCode: string;
  description: string;
  address?: string;
  phone?: string;
}

const isPhotoType = (type: string): type is PhotoType =>
  (photoTypes as readonly string[]).includes(type);

function readPhoto(file: File & { type: PhotoType }): Promise<Photo> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve({
        key: `${file.name}-${file.size}-${file.lastModified}`,
        mediaType: file.type,
        data: url.slice(url.indexOf(',') + 1),
        preview: url,
      });
    };
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}

/** The receipt: the code to look the report up by, big enough to write down or screenshot. */
function Receipt({ receipt, onAnother }: { receipt: PublicReportReceipt; onAnother: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    const copied = await copyText(receipt.receiptCode);
    void (copied
      ? message.success(t('publicReport.copied'))
      : message.warning(t('publicReport.copyFailed')));
  };
  return (
    <Card data-testid="public-report-receipt">
      <Result
        status="success"
        title={t('publicReport.submitted')}
        subTitle={t('publicReport.submittedAt', { at: formatDateTime(receipt.submittedAt) })}
        style={{ paddingBlock: 16 }}
      />
      <Typography.Paragraph style={{ textAlign: 'center', marginBottom: 4 }}>
        {t('publicReport.receiptCode')}
      </Typography.Paragraph>
      <div
        data-testid="receipt-code"
        style={{
          textAlign: 'center',
          fontSize: 36,
          fontWeight: 700,
          letterSpacing: 4,
          fontFamily: 'monospace',
          userSelect: 'all',
          wordBreak: 'break-all',
        }}
      >
        {receipt.receiptCode}
      </div>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
        {t('publicReport.keepCode')}
      </Typography.Paragraph>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Button
          block
          size="large"
          type="primary"
          icon={<CopyOutlined />}
          onClick={() => void copy()}
          data-testid="receipt-copy"
        >
          {t('publicReport.copy')}
        </Button>
        <Link
          to={`/report/status?code=${encodeURIComponent(receipt.receiptCode)}`}
          data-testid="receipt-status-link"
        >
          <Button block size="large">
            {t('publicReport.checkStatus')}
          </Button>
        </Link>
        <Button block type="link" onClick={onAnother} data-testid="receipt-another">
          {t('publicReport.another')}
        </Button>
      </Space>
    </Card>
  );
}

/**
 * 隐患举报 for the public, opened from the township's QR code (`?region=`): no account, a phone
 * screen; the answer is a receipt code to follow the report by.
 */
export function ReportPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const region = params.get('region') ?? undefined;
  const formInfo = usePublicReportForm(region);
  const submitReport = useSubmitPublicReport();
  const [form] = Form.useForm<FormValues>();
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [photoError, setPhotoError] = useState<string>();
  const [location, setLocation] = useState<LonLat | null>(null);
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState<string>();
  const [receipt, setReceipt] = useState<PublicReportReceipt>();
  const fileInput = useRef<HTMLInputElement>(null);
  const honeypot = useRef<HTMLInputElement>(null);

  const addPhotos = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    setPhotoError(undefined);
    const room = maxPhotos - photos.length;
    if (files.length > room) {
      setPhotoError(t('publicReport.photosTooMany', { max: maxPhotos }));
    }
    const accepted: Photo[] = [];
    for (const file of files.slice(0, Math.max(room, 0))) {
      if (!isPhotoType(file.type)) {
        setPhotoError(t('publicReport.photoWrongType'));
        continue;
      }
      if (file.size > maxPhotoBytes) {
        setPhotoError(t('publicReport.photoTooBig', { mb: 5 }));
        continue;
      }
      try {
        accepted.push(await readPhoto(file as File & { type: PhotoType }));
      } catch {
        setPhotoError(t('publicReport.photoUnreadable'));
      }
    }
    setPhotos((current) =>
      [
        ...current,
        ...accepted.filter((photo) => !current.some((other) => other.key === photo.key)),
      ].slice(0, maxPhotos),
    );
  };

  const locate = () => {
    setLocateError(undefined);
    if (!('geolocation' in navigator)) {
      setLocateError(t('publicReport.locateUnsupported'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        setLocation({
          lon: Number(position.coords.longitude.toFixed(6)),
          lat: Number(position.coords.latitude.toFixed(6)),
        });
        void form.validateFields(['address']);
      },
      () => {
        setLocating(false);
        setLocateError(t('publicReport.locateFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const submit = async (values: FormValues) => {
    const body: SubmitPublicReportBody = {
      regionCode: values.regionCode,
      description: values.description,
      location,
      address: values.address || null,
      phone: values.phone || null,
      photos: photos.map(({ mediaType, data }) => ({ mediaType, data })),
      website: honeypot.current?.value ?? '',
    };
    try {
      setReceipt(await submitReport.mutateAsync(body));
      window.scrollTo({ top: 0 });
    } catch (error) {
      const fields = fieldErrors(error);
      if (fields.length > 0) {
        form.setFields(fields as Parameters<typeof form.setFields>[0]);
      }
    }
  };

  const another = () => {
    setReceipt(undefined);
    setPhotos([]);
    setLocation(null);
    submitReport.reset();
    form.resetFields();
  };

  if (!region) {
    return (
      <Result
        status="warning"
        title={t('publicReport.noRegion')}
        subTitle={t('publicReport.noRegionHint')}
        data-testid="public-report-no-region"
      />
    );
  }
  if (formInfo.error) {
    return (
      <Result
        status="error"
        title={formInfo.error.message}
        data-testid="public-report-form-error"
      />
    );
  }
  if (receipt) {
    return <Receipt receipt={receipt} onAnother={another} />;
  }
  const info = formInfo.data;
  // The township of the QR code's region (a township's code, or a village's first nine digits).
  const presetTownship =
    info?.townships.find(
      (township) => region && township.code.startsWith(region.padEnd(12, '0').slice(0, 9)),
    )?.code ?? (info?.townships.length === 1 ? info.townships[0]!.code : undefined);
  const error = submitReport.error;
  const required = { required: true, message: t('publicReport.required') };
  return (
    <Card loading={formInfo.isPending} styles={{ body: { padding: 16 } }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('publicReport.title', { county: info?.countyName ?? '' })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('publicReport.intro')}</Typography.Paragraph>
      {info?.hotline && (
        <Typography.Paragraph>
          <PhoneOutlined /> {t('publicReport.hotline')}{' '}
          <a href={`tel:${info.hotline}`} data-testid="public-report-hotline">
            {info.hotline}
          </a>
        </Typography.Paragraph>
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{ regionCode: presetTownship }}
        onFinish={(values) => void submit(values)}
        data-testid="public-report-form"
      >
        <Form.Item name="regionCode" label={t('publicReport.township')} rules={[required]}>
          <Select
            size="large"
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('publicReport.townshipPlaceholder')}
            options={info?.townships.map((township) => ({
              value: township.code,
              label: township.name,
            }))}
            data-testid="public-report-region"
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('publicReport.description')}
          rules={[required, { min: 5, message: t('publicReport.descriptionMin') }, { max: 2000 }]}
        >
          <Input.TextArea
            rows={5}
            showCount
            maxLength={2000}
            placeholder={t('publicReport.descriptionPlaceholder')}
            data-testid="public-report-description"
          />
        </Form.Item>
        <Form.Item
          label={t('publicReport.photos', { max: maxPhotos })}
          extra={t('publicReport.photosHint', { mb: 5 })}
        >
          <Space wrap size={8}>
            {photos.map((photo) => (
              <div
                key={photo.key}
                style={{ position: 'relative' }}
                data-testid="public-report-photo"
              >
                <img
                  src={photo.preview}
                  alt=""
                  width={88}
                  height={88}
                  style={{ objectFit: 'cover', borderRadius: 6, display: 'block' }}
                />
                <Button
                  type="text"
                  size="small"
                  icon={<CloseCircleFilled />}
                  aria-label={t('publicReport.removePhoto')}
                  onClick={() =>
                    setPhotos((current) => current.filter((other) => other.key !== photo.key))
                  }
                  style={{
                    position: 'absolute',
                    top: -8,
                    right: -8,
                    color: '#000000a6',
                    background: '#fff',
                    borderRadius: '50%',
                  }}
                />
              </div>
            ))}
            {photos.length < maxPhotos && (
              <Button
                icon={<CameraOutlined />}
                onClick={() => fileInput.current?.click()}
                style={{ width: 88, height: 88, flexDirection: 'column' }}
                data-testid="public-report-add-photo"
              >
                {t('publicReport.addPhoto')}
              </Button>
            )}
          </Space>
          <input
            ref={fileInput}
            type="file"
            accept={photoTypes.join(',')}
            multiple
            // antd's form styles show file inputs (display: block) even when `hidden`.
            style={{ display: 'none' }}
            onChange={(event) => void addPhotos(event)}
            data-testid="public-report-photo-input"
          />
          {photoError && (
            <Typography.Text
              type="danger"
              style={{ display: 'block' }}
              data-testid="public-report-photo-error"
            >
              {photoError}
            </Typography.Text>
          )}
        </Form.Item>
        <Form.Item label={t('publicReport.location')}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Button
              block
              icon={<AimOutlined />}
              loading={locating}
              onClick={locate}
              data-testid="public-report-locate"
            >
              {t('publicReport.useMyLocation')}
            </Button>
            {location && (
              <Space data-testid="public-report-location">
                <Typography.Text>
                  {t('publicReport.located', {
                    lon: location.lon.toFixed(5),
                    lat: location.lat.toFixed(5),
                  })}
                </Typography.Text>
                <Button type="link" size="small" onClick={() => setLocation(null)}>
                  {t('publicReport.clearLocation')}
                </Button>
              </Space>
            )}
            {locateError && <Typography.Text type="warning">{locateError}</Typography.Text>}
          </Space>
        </Form.Item>
        <Form.Item
          name="address"
          label={t('publicReport.address')}
          rules={[
            { max: 300 },
            {
              validator: async (_: unknown, value: string | undefined) => {
                if (!location && !value?.trim()) {
                  throw new Error(t('publicReport.placeRequired'));
                }
              },
            },
          ]}
        >
          <Input
            size="large"
            placeholder={t('publicReport.addressPlaceholder')}
            data-testid="public-report-address"
          />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('publicReport.phone')}
          extra={t('publicReport.phoneHint')}
          rules={[
            {
              validator: async (_: unknown, value: string | undefined) => {
                if (value && !anyPhone.safeParse(value).success) {
                  throw new Error(t('publicReport.phoneInvalid'));
                }
              },
            },
          ]}
        >
          <Input
            size="large"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            data-testid="public-report-phone"
          />
        </Form.Item>
        {/* A trap for bots: people never see it, and the server refuses a report that fills it. */}
        <div
          aria-hidden="true"
          style={{
            position: 'absolute',
            left: -10_000,
            top: 'auto',
            width: 1,
            height: 1,
            overflow: 'hidden',
          }}
        >
          <label>
            Website
            <input
              ref={honeypot}
              type="text"
              name="website"
              tabIndex={-1}
              autoComplete="off"
              defaultValue=""
              data-testid="public-report-website"
            />
          </label>
        </div>
        {error && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={
              error instanceof ApiError && error.code === 'RATE_LIMITED'
                ? t('publicReport.rateLimited')
                : error.message
            }
            data-testid="public-report-error"
          />
        )}
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          loading={submitReport.isPending}
          data-testid="public-report-submit"
        >
          {t('publicReport.submit')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, textAlign: 'center' }}>
        <Link to="/report/status" data-testid="public-report-status-link">
          {t('publicReport.checkStatus')}
        </Link>
        {' · '}
        <Link to={`/report/draws?region=${encodeURIComponent(region)}`}>
          {t('publicReport.draws')}
        </Link>
      </Typography.Paragraph>
    </Card>
  );
}
