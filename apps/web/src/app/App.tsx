import { useEffect, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';
import { SessionProvider } from './session';
import { LoginPage } from './LoginPage';
import { AppLayout } from './AppLayout';
import { RegionsPage } from '../modules/regions/RegionsPage';
import { UsersPage } from '../modules/users/UsersPage';
import { AuditPage } from '../modules/audit/AuditPage';
import { OrgPage } from '../modules/org/OrgPage';
import { CardsPrintPage } from '../modules/org/CardsPrintPage';
import { UnitsPage } from '../modules/units/UnitsPage';
import { RisksPage } from '../modules/risks/RisksPage';
import { HazardsPage } from '../modules/hazards/HazardsPage';
import { WarningsPage } from '../modules/warnings/WarningsPage';
import { WarningPage } from '../modules/warnings/WarningPage';
import { PublicRoutes } from './PublicRoutes';
import { AdminOnly } from './AdminOnly';

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not get better by asking again.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

/** Everything behind the login: the session, then the menu and the module pages. */
function SignedInApp() {
  return (
    <SessionProvider loading={<Spin fullscreen />} signedOut={<LoginPage />}>
      <Routes>
        {/* Printed as it is: no menu or header around the cards. */}
        <Route path="org/cards/print" element={<CardsPrintPage />} />
        <Route element={<AppLayout />}>
          <Route index element={<Navigate to="/regions" replace />} />
          <Route path="regions" element={<RegionsPage />} />
          <Route path="regions/:code" element={<RegionsPage />} />
          <Route path="org" element={<OrgPage />} />
          <Route path="units" element={<UnitsPage />} />
          <Route path="risks" element={<RisksPage />} />
          <Route path="risks/map" element={<Navigate to="/risks?tab=map" replace />} />
          <Route path="hazards" element={<HazardsPage />} />
          <Route path="warnings" element={<WarningsPage />} />
          <Route path="warnings/:id" element={<WarningPage />} />
          <Route path="users" element={<AdminOnly><UsersPage /></AdminOnly>} />
          <Route path="audit" element={<AdminOnly><AuditPage /></AdminOnly>} />
          <Route path="*" element={<Navigate to="/regions" replace />} />
        </Route>
      </Routes>
    </SessionProvider>
  );
}

export function App() {
  const [queryClient] = useState(makeQueryClient);
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);

  return (
    <ConfigProvider locale={english ? enUS : zhCN} theme={{ token: { colorPrimary: '#c0392b' } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Routes>
              {/* The public's pages (隐患举报, its progress, 双随机 results): no session needed. */}
              <Route path="report/*" element={<PublicRoutes />} />
              <Route path="*" element={<SignedInApp />} />
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
