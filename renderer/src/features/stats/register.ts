import { createElement } from 'react';
import { extensions } from '../../app/extensions';
import { CpuCell, MemoryCell } from './Columns';
import { StatsTab } from './StatsTab';

extensions.detailTabs.push({
  id: 'stats',
  label: 'Stats',
  render: (row) => createElement(StatsTab, { key: row.id, row }),
});
extensions.columns.push(
  { id: 'cpu', header: 'CPU', width: '70px', render: (row) => createElement(CpuCell, { row }) },
  { id: 'memory', header: 'Memory', width: '80px', render: (row) => createElement(MemoryCell, { row }) },
);
