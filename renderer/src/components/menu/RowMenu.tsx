import * as ContextMenu from '@radix-ui/react-context-menu';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Ellipsis } from 'lucide-react';
import { useCallback, useState, type ReactNode } from 'react';
import './menu.css';

/**
 * Where a menu opened from `el` is drawn: inside the modal dialog that holds
 * it, if any, since everything outside an open modal dialog is inert (a menu
 * drawn at the page's end would show beneath the dialog and take no clicks).
 */
const layerOf = (el: Element | null | undefined): HTMLElement | undefined => el?.closest('dialog') ?? undefined;

/** One entry of a row's menu; the same list serves the "More actions" button, right-click and the context-menu key. */
export interface MenuEntry {
  id: string;
  label: string;
  icon?: ReactNode;
  danger?: boolean;
  disabled?: boolean;
  /** Draws a separator above this entry. */
  separated?: boolean;
  run(): void;
}

/**
 * The "More actions" button and its menu. Radix gives the menu its roles,
 * focus handling, typeahead and Escape; `open` is controlled so the table can
 * open it from the keyboard's context-menu key on a focused row.
 */
export function MoreActionsMenu(props: {
  entries: MenuEntry[];
  /** The button's accessible name, e.g. "More actions". */
  label: string;
  /** The tooltip, which may name the row: "More actions for web-1". */
  tooltip: string;
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  // A table shows dozens of rows: until a row's menu is first opened, its button is a plain one, and
  // the menu machinery mounts on first use (it then stays, so focus returns to the same button).
  const [armed, setArmed] = useState(false);
  const [layer, setLayer] = useState<HTMLElement | undefined>();
  const placeIn = useCallback((el: HTMLButtonElement | null) => {
    if (el) setLayer(layerOf(el));
  }, []);
  // Opened from outside (the context-menu key): stay armed so closing returns focus to a button that still exists.
  if (props.open && !armed) setArmed(true);
  if (!armed && !props.open) {
    return (
      <button
        type="button"
        className="icon-action"
        aria-label={props.label}
        aria-haspopup="menu"
        aria-expanded={false}
        data-tip={props.tooltip}
        onClick={() => {
          setArmed(true);
          props.onOpenChange(true);
        }}
      >
        <Ellipsis aria-hidden="true" size={16} />
      </button>
    );
  }
  return (
    <DropdownMenu.Root open={props.open} onOpenChange={props.onOpenChange} modal={false}>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="icon-action" aria-label={props.label} data-tip={props.tooltip} ref={placeIn}>
          <Ellipsis aria-hidden="true" size={16} />
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal container={layer}>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4} collisionPadding={8} loop>
          {props.entries.map((e) => (
            <MenuRow key={e.id} entry={e} kind="dropdown" />
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

/**
 * Right-click anywhere in `children` opens the menu `entriesAt` returns for
 * the element clicked (null: no menu there, and the browser's own menu is
 * kept from appearing over the table).
 */
export function ContextMenuArea(props: {
  entriesAt(target: EventTarget): MenuEntry[] | null;
  label: string;
  children: ReactNode;
  entries: MenuEntry[] | null;
  onTarget(entries: MenuEntry[] | null): void;
}) {
  const [layer, setLayer] = useState<HTMLElement | undefined>();
  return (
    <ContextMenu.Root modal={false}>
      <ContextMenu.Trigger
        asChild
        onContextMenu={(e) => {
          const entries = props.entriesAt(e.target);
          setLayer(layerOf(e.currentTarget));
          props.onTarget(entries);
          if (!entries?.length) e.preventDefault();
        }}
      >
        {props.children}
      </ContextMenu.Trigger>
      <ContextMenu.Portal container={layer}>
        <ContextMenu.Content className="menu" aria-label={props.label} collisionPadding={8} loop>
          {(props.entries ?? []).map((e) => (
            <MenuRow key={e.id} entry={e} kind="context" />
          ))}
        </ContextMenu.Content>
      </ContextMenu.Portal>
    </ContextMenu.Root>
  );
}

function MenuRow({ entry, kind }: { entry: MenuEntry; kind: 'dropdown' | 'context' }) {
  const Item = kind === 'dropdown' ? DropdownMenu.Item : ContextMenu.Item;
  const Separator = kind === 'dropdown' ? DropdownMenu.Separator : ContextMenu.Separator;
  return (
    <>
      {entry.separated && <Separator className="menu-separator" />}
      <Item className={entry.danger ? 'menu-item danger' : 'menu-item'} disabled={entry.disabled} onSelect={() => entry.run()}>
        <span className="menu-icon" aria-hidden="true">
          {entry.icon}
        </span>
        {entry.label}
      </Item>
    </>
  );
}
