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
            <SessionProvider
              loading={<Spin fullscreen />}
              signedOut={<LoginPage />}
            >
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
                  <Route path="users" element={<AdminOnly><UsersPage /></AdminOnly>} />
                  <Route path="audit" element={<AdminOnly><AuditPage /></AdminOnly>} />
                  <Route path="*" element={<Navigate to="/regions" replace />} />
                </Route>
              </Routes>
            </SessionProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
