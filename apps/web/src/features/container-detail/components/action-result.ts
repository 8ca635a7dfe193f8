/** What the action bar shows after an action (the delete dialog reports into it too). */
export interface ActionResultView {
  ok: boolean;
  message: string;
  log: string[];
  op: string;
}
