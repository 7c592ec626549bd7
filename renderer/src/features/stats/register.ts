import { createElement } from 'react';
import { extensions } from '../../app/extensions';
import { CpuCell, MemoryCell } from './Columns';
import { columnStats } from './column-store';
import { StatsTab } from './StatsTab';

extensions.detailTabs.push({
  id: 'stats',
  label: 'Stats',
  render: (row) => createElement(StatsTab, { key: row.id, row }),
});
extensions.columns.push(
  {
    id: 'cpu',
    header: 'CPU',
    width: '76px',
    render: (row) => createElement(CpuCell, { row }),
    // Only rows that have been on screen have samples; the others sort last.
    sortValue: (row) => (row.state === 'running' ? (columnStats.get(row.id)?.cpuPercent ?? null) : null),
  },
  {
    id: 'memory',
    header: 'Memory',
    width: '96px',
    render: (row) => createElement(MemoryCell, { row }),
    sortValue: (row) => (row.state === 'running' ? (columnStats.get(row.id)?.memUsed ?? null) : null),
  },
);
