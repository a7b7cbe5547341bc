import { useQuery } from '@tanstack/react-query';
import type { Region, RegionDetail } from '@lastmile/shared';
import { api } from '../../lib/api';

export function useRegion(code: string) {
  return useQuery({
    queryKey: ['regions', code, 'detail'],
    queryFn: () => api.get<RegionDetail>(`/regions/${code}`),
    staleTime: 10 * 60_000,
  });
}

export function fetchRegionChildren(code: string) {
  return api.get<{ items: Region[]; total: number }>('/regions', { code });
}

export function useRegionChildren(code: string) {
  return useQuery({
    queryKey: ['regions', code, 'children'],
    queryFn: () => fetchRegionChildren(code),
    staleTime: 10 * 60_000,
  });
}
