import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';

/**
 * Table paging over the API's `limit`/`offset` lists: the page shown follows `offset`, and
 * turning a page asks for the new offset.
 */
export function offsetPagination(options: {
  offset: number;
  pageSize: number;
  total: number | undefined;
  onOffset: (offset: number) => void;
  t: TFunction;
}): TablePaginationConfig {
  const { offset, pageSize, total, onOffset, t } = options;
  return {
    current: offset / pageSize + 1,
    pageSize,
    total: total ?? 0,
    showTotal: (count) => t('common.total', { count }),
    onChange: (page) => onOffset((page - 1) * pageSize),
  };
}
