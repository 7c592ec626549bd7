import { createElement } from 'react';
import { extensions } from '../../app/extensions';
import { HealthOverlay } from './HealthPanel';
import { healthPanel } from './panel-state';

extensions.toolbarActions.push({ id: 'engine-health', label: 'Engine health', run: () => healthPanel.open() });
extensions.overlays.push({ id: 'engine-health', render: () => createElement(HealthOverlay) });
