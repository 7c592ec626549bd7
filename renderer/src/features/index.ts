// Each feature registers its views, tabs and actions with the shell (app/extensions.ts).
// One import per feature; keep the list sorted.
import './terminals/register';
