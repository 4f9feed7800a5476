// Starts GOV.UK Frontend's components. A separate file, so the CSP needs no inline module script.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
