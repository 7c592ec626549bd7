import { z } from 'zod';

/**
 * What the renderer tells the Electron host about its commands so the native
 * application menu can carry them: data only (never functions), so it crosses
 * the bridge by structured clone and main can check every field. Clicking a
 * menu item sends the command's id back; the renderer runs it if it still has it.
 */

/** Renderer → main: the current command list. */
export const MENU_PUBLISH_CHANNEL = 'berth:menu';
/** Main → renderer: the id of the menu item the user chose. */
export const MENU_RUN_CHANNEL = 'berth:menu-run';

/**
 * Caps on what main accepts. The app publishes about twenty entries with short
 * titles; the caps leave room for many more features while keeping a page that
 * misbehaves from building a menu of a million items or of megabyte labels.
 */
export const MENU_LIMITS = { entries: 200, id: 128, title: 120, shortcut: 32 } as const;

/** The palette's groups that the menu carries ("Containers", one entry per container, stays in the palette). */
export const MENU_GROUPS = ['Views', 'Selected container', 'Actions', 'Appearance', 'Help'] as const;
export type MenuGroup = (typeof MENU_GROUPS)[number];

export const MenuCommandId = z
  .string()
  .min(1)
  .max(MENU_LIMITS.id)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'not a command id');

export const MenuCommand = z
  .object({
    id: MenuCommandId,
    title: z.string().min(1).max(MENU_LIMITS.title),
    group: z.enum(MENU_GROUPS),
    /** As the renderer shows it, e.g. "Ctrl+K" or "/". */
    shortcut: z.string().min(1).max(MENU_LIMITS.shortcut).optional(),
    /**
     * True when the page's own key handler already answers the shortcut (it
     * knows when not to: in text fields, in a terminal, under a dialog). The
     * menu then only shows it, so a native accelerator cannot act on a key
     * the page chose to leave alone.
     */
    pageHandlesShortcut: z.boolean().optional(),
    enabled: z.boolean(),
  })
  .strict();
export type MenuCommand = z.infer<typeof MenuCommand>;

export const MenuCommands = z.array(MenuCommand).max(MENU_LIMITS.entries);
