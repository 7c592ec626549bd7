import { createElement } from 'react';
import { extensions } from '../../app/extensions';
import { ActivityView } from './ActivityView';

extensions.views.push({ id: 'activity', label: 'Activity', render: () => createElement(ActivityView) });
