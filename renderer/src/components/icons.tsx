/**
 * The app's icons: SVG drawn from one shipped set, so they render the same on
 * every machine (emoji need a font that is often missing, and then show as
 * empty boxes). Icons are decoration: the control around them carries the
 * accessible name, and lucide marks each SVG aria-hidden.
 * Features import from here, not from the icon package, so the set stays one.
 */
export {
  Bell as NotificationsIcon,
  Check as OkIcon,
  ChevronDown as SortDescIcon,
  ChevronUp as SortAscIcon,
  CircleCheck as SuccessIcon,
  CircleX as ErrorIcon,
  Command as PaletteIcon,
  Download as DownloadIcon,
  Eye as ViewIcon,
  File as FileIcon,
  FileSymlink as SymlinkIcon,
  Folder as FolderIcon,
  Info as InfoIcon,
  Keyboard as KeyboardIcon,
  Maximize2 as WidenIcon,
  Minimize2 as NarrowIcon,
  Monitor as SystemThemeIcon,
  Moon as DarkThemeIcon,
  PanelBottomClose as CollapseDockIcon,
  PanelBottomOpen as ExpandDockIcon,
  Pencil as RenameIcon,
  ArrowDown as DownIcon,
  ArrowUp as UpIcon,
  Sun as LightThemeIcon,
  Trash as ClearIcon,
  Trash2 as DeleteIcon,
  X as CloseIcon,
} from 'lucide-react';
export { LucideProvider as IconDefaults } from 'lucide-react';
