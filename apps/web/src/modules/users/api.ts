import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserBody, Role, UpdateUserBody, User } from '@lastmile/shared';
import { api } from '../../lib/api';

export interface UserFilters {
  q?: string;
  role?: Role;
  limit: number;
  offset: number;
}

export function useUsers(filters: UserFilters) {
  return useQuery({
    queryKey: ['users', filters],
    queryFn: () => api.get<{ items: User[]; total: number }>('/users', { ...filters }),
    placeholderData: (previous) => previous,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => api.post<User>('/users', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserBody }) => api.patch<User>(`/users/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
