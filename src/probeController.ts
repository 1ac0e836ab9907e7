import * as path from "node:path";
import * as vscode from "vscode";
import type { ProbeEvent, ProbeOptions, ProbeReport } from "../server/src/probe/report";

interface ProbeModule {
  runProbe(options: ProbeOptions, signal?: AbortSignal, onEvent?: (event: ProbeEvent) => void): Promise<ProbeReport>;
  formatProbeEvent(event: ProbeEvent): string;
  formatProbeReport(report: ProbeReport): string;
}

/**
 * The probe engine ships as its own bundle (dist/probe.js, with the static engine inside), loaded on
 * the first probe: activation stays light.
 */
function loadProbe(): ProbeModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, "probe.js")) as ProbeModule;
}
import type { TreeNode } from "./durableObjectsTree";

export interface ProbeArgs {
  configFile?: string;
  binding?: string;
  environment?: string;
  /** Ask with quick picks when the target is ambiguous (false for the API and tests). */
  interactive?: boolean;
}

interface Target {
  configFile: string;
  binding: string;
  environment: string;
}

const LAST_TARGET_KEY = "doDoctor.lastProbeTarget";

/** "Probe Agent Binding": picks a binding, runs the probe engine with progress and cancel, reports. */
export class ProbeController implements vscode.Disposable {
  private readonly output: vscode.OutputChannel;
  private running: AbortController | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly bindings: () => TreeNode[],
  ) {
    // The report's language has a TextMate grammar (syntaxes/): verdicts and wrangler errors stand out.
    this.output = vscode.window.createOutputChannel("Durable Object Doctor: Probe", "do-doctor-probe");
  }

  dispose(): void {
    this.running?.abort();
    this.output.dispose();
  }

  /** Accepts what code lenses, hovers, the view and the palette pass. */
  argsFrom(raw: unknown): ProbeArgs {
    const value = (Array.isArray(raw) ? raw[0] : raw) as (ProbeArgs & { probe?: ProbeArgs }) | undefined;
    const source = value?.probe ?? value;
    return { configFile: source?.configFile, binding: source?.binding, environment: source?.environment, interactive: true };
  }

  private candidates(): Target[] {
    const targets: Target[] = [];
    const walk = (nodes: TreeNode[]) => {
      for (const node of nodes) {
        if (node.probe) targets.push(node.probe);
        walk(node.children);
      }
    };
    walk(this.bindings());
    return targets;
  }

  private async pickTarget(args: ProbeArgs): Promise<Target | undefined> {
    const all = this.candidates().filter((t) => (!args.configFile || t.configFile === args.configFile) && (!args.binding || t.binding === args.binding));
    if (args.binding && args.configFile) return { configFile: args.configFile, binding: args.binding, environment: args.environment ?? "" };
    const matching = args.environment !== undefined ? all.filter((t) => t.environment === args.environment) : all;
    if (matching.length === 0) {
      if (args.interactive) void vscode.window.showWarningMessage("Durable Object Doctor: no Durable Object binding to probe in this workspace.");
      return undefined;
    }
    const last = this.context.workspaceState.get<Target>(LAST_TARGET_KEY);
    const preferred =
      matching.find((t) => last && t.configFile === last.configFile && t.binding === last.binding && t.environment === last.environment) ??
      matching.find((t) => t.binding === "CoderAgent" && t.environment === "") ??
      matching.find((t) => t.binding === "CoderAgent");
    if (!args.interactive) return preferred ?? matching[0];
    if (matching.length === 1) return matching[0];
    const items = matching.map((t) => ({
      label: t.binding,
      description: t.environment ? `env.${t.environment}` : "top level",
      detail: vscode.workspace.asRelativePath(t.configFile),
      target: t,
      picked: t === preferred,
    }));
    items.sort((a, b) => (a.target === preferred ? -1 : b.target === preferred ? 1 : 0));
    const picked = await vscode.window.showQuickPick(items, { title: "Probe Agent Binding", placeHolder: "Which Durable Object binding (and environment)?" });
    return picked?.target;
  }

  async run(args: ProbeArgs): Promise<ProbeReport | undefined> {
    if (!vscode.workspace.isTrusted) {
      const manage = "Manage Workspace Trust";
      // Not awaited: the command (and the API's probe) returns at once, the warning stays until read.
      void vscode.window
        .showWarningMessage(
          "Probe Agent Binding runs this project's own wrangler dev, which executes its code: it is disabled until you trust the workspace. The static checks keep running.",
          manage,
        )
        .then((choice) => {
          if (choice === manage) void vscode.commands.executeCommand("workbench.trust.manage");
        });
      return undefined;
    }
    const target = await this.pickTarget(args);
    if (!target) return undefined;
    await this.context.workspaceState.update(LAST_TARGET_KEY, target);
    this.running?.abort();
    const abort = new AbortController();
    this.running = abort;
    const settings = vscode.workspace.getConfiguration("doDoctor.probe");
    const label = `${target.binding}${target.environment ? ` (env.${target.environment})` : ""}`;
    this.output.clear();
    this.output.appendLine(`Probe ${label} in ${vscode.workspace.asRelativePath(target.configFile)}`);
    let report: ProbeReport;
    const probe = loadProbe();
    try {
      report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Probing ${label}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          return probe.runProbe(
            {
              projectDir: path.dirname(target.configFile),
              configFile: target.configFile,
              environment: target.environment || undefined,
              binding: target.binding,
              instanceName: settings.get<string>("instanceName") || undefined,
              timeoutMs: Math.max(5, settings.get<number>("timeoutSeconds") ?? 60) * 1000,
              extraWranglerArgs: settings.get<string[]>("extraWranglerArgs") ?? [],
            },
            abort.signal,
            (event) => {
              if (event.kind === "phase") progress.report({ message: event.message });
              this.output.appendLine(probe.formatProbeEvent(event));
            },
          );
        },
      );
    } catch (error) {
      if (this.running === abort) this.running = undefined;
      // Cancelling stops wrangler first, then rejects: nothing is left running either way.
      if (error instanceof Error && error.name === "AbortError") {
        this.output.appendLine("Cancelled; wrangler dev was stopped.");
        return undefined;
      }
      const message = error instanceof Error ? error.message : String(error);
      this.output.appendLine(`The probe failed: ${message}`);
      if (args.interactive !== false) void vscode.window.showErrorMessage(`Durable Object Doctor: the probe failed: ${message}`, "Show Report").then((c) => c && this.output.show(true));
      return undefined;
    }
    if (this.running === abort) this.running = undefined;
    this.output.append(probe.formatProbeReport(report));
    if (args.interactive !== false) void this.notify(report, target);
    return report;
  }

  private async notify(report: ProbeReport, target: Target): Promise<void> {
    const show = "Show Report";
    const open = "Open Config";
    const fix = "Apply Fix";
    const actions = report.verdict === "ok" ? [show] : report.ruleId ? [fix, open, show] : [open, show];
    const text = `${target.binding}: ${report.sentence}${report.fix ? ` ${report.fix}` : ""}`;
    const choice = report.verdict === "ok" ? await vscode.window.showInformationMessage(text, ...actions) : await vscode.window.showErrorMessage(text, ...actions);
    if (choice === show) this.output.show(true);
    else if (choice === open) await this.openAtBinding(target);
    else if (choice === fix && report.ruleId) await this.applyStaticFix(report.ruleId, target);
  }

  private async openAtBinding(target: Target): Promise<void> {
    const document = await vscode.workspace.openTextDocument(target.configFile);
    const offset = document.getText().indexOf(`"${target.binding}"`);
    const at = document.positionAt(Math.max(0, offset));
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
  }

  /** Applies the preferred quick fix of the static rule that covers the verdict, in the probed worker. */
  private async applyStaticFix(ruleId: string, target: Target): Promise<void> {
    const workerDir = path.dirname(target.configFile) + path.sep;
    try {
      for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
        if (uri.scheme !== "file" || !(uri.fsPath + path.sep).startsWith(workerDir)) continue;
        for (const diagnostic of diagnostics) {
          // With a docs link, the client hands codes over as { value, target }.
          const code = typeof diagnostic.code === "object" ? diagnostic.code.value : diagnostic.code;
          if (diagnostic.source !== "do-doctor" || code !== ruleId) continue;
          // Code actions are only computed for documents the editor has loaded.
          await vscode.workspace.openTextDocument(uri);
          const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
          const action = actions?.find((a) => a.isPreferred && a.edit) ?? actions?.find((a) => a.edit);
          if (action?.edit && (await vscode.workspace.applyEdit(action.edit))) {
            void vscode.window.showInformationMessage(`Applied: ${action.title}. Probe ${target.binding} again to confirm.`);
            return;
          }
        }
      }
      void vscode.window.showWarningMessage(`No quick fix for ${ruleId} is available right now; see the Problems panel.`);
    } catch (error) {
      void vscode.window.showErrorMessage(`Durable Object Doctor: applying the fix failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
