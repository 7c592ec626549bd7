import { createElement } from 'react';
import { extensions } from '../../app/extensions';
import { InspectTab } from './InspectTab';

extensions.detailTabs.push({ id: 'inspect', label: 'Inspect', render: (row) => createElement(InspectTab, { key: row.id, row }) });
