import type { ContainerRow } from '../../../../shared/contract/containers';
import { LogView } from './LogView';

export function LogsTab({ row }: { row: ContainerRow }) {
  return <LogView key={row.id} ids={[row.id]} showNames={false} />;
}
