// Each feature registers its views, tabs and actions with the shell (app/extensions.ts).
// One import per feature; keep the list sorted.
import './activity/register';
import './create/register';
import './files/register';
import './health/register';
import './inspect/register';
import './logs/register';
import './stats/register';
import './terminals/register';
