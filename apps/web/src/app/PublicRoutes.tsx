import { Navigate, Route, Routes } from 'react-router';
import { Typography } from 'antd';
import { CarryOutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ReportPage } from '../modules/hazards/public/ReportPage';
import { StatusPage } from '../modules/hazards/public/StatusPage';
import { DrawsPage } from '../modules/hazards/public/DrawsPage';

/**
 * Pages for the public under `/report`: no session, no menu, sized for a phone (360 px up).
 * They call only the API's `/public` routes.
 */
export function PublicRoutes() {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '100vh', background: '#f3f4f6' }}>
      <header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 8,
          background: '#7f1d1d',
          padding: '8px 12px',
        }}
      >
        <CarryOutOutlined style={{ color: '#fff', fontSize: 18 }} />
        <Typography.Text strong style={{ color: '#fff', fontSize: 16, flex: 1 }}>
          {t('publicReport.appName')}
        </Typography.Text>
        <div style={{ filter: 'invert(1)' }}>
          <LanguageSwitch />
        </div>
      </header>
      <main style={{ maxWidth: 560, margin: '0 auto', padding: 12 }}>
        <Routes>
          <Route index element={<ReportPage />} />
          <Route path="status" element={<StatusPage />} />
          <Route path="draws" element={<DrawsPage />} />
          <Route path="*" element={<Navigate to="/report" replace />} />
        </Routes>
      </main>
    </div>
  );
}
