import { BatchDialog } from './BatchDialog';
import { createDialog, useCreateDialog } from './store';
import { Wizard } from './Wizard';

export function CreateOverlay() {
  const s = useCreateDialog();
  if (!s) return null;
  if (s.kind === 'batch') return <BatchDialog onClose={createDialog.close} />;
  if (s.kind === 'edit') return <Wizard key={s.id} edit={{ id: s.id, name: s.name }} onClose={createDialog.close} />;
  return <Wizard initial={s.initial} onClose={createDialog.close} />;
}
