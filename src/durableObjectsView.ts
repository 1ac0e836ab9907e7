import * as path from "node:path";
import * as vscode from "vscode";
import { buildTree, type TreeNode, type WorkerData } from "./durableObjectsTree";

const ICONS = { ok: new vscode.ThemeIcon("pass", new vscode.ThemeColor("testing.iconPassed")), warning: new vscode.ThemeIcon("warning", new vscode.ThemeColor("list.warningForeground")), error: new vscode.ThemeIcon("error", new vscode.ThemeColor("list.errorForeground")) };

/** The Explorer's "Durable Objects" view: worker -> environment -> binding, health from the server's findings. */
export class DurableObjectsView implements vscode.TreeDataProvider<TreeNode> {
  private roots: TreeNode[] = [];
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  update(workers: WorkerData[]): void {
    this.roots = buildTree(workers, (file) => {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
      return folder ? path.relative(folder.uri.fsPath, file).split(path.sep).join("/") : file;
    });
    this.changed.fire(undefined);
  }

  snapshot(): TreeNode[] {
    return this.roots;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.children.length ? (node.kind === "binding" ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded) : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = ICONS[node.health];
    item.contextValue = node.kind === "binding" && node.probe ? "doDoctor.binding" : `doDoctor.${node.kind}`;
    const start = new vscode.Position(node.location.range.start.line, node.location.range.start.character);
    item.command = { title: "Reveal", command: "vscode.open", arguments: [vscode.Uri.parse(node.location.uri), { selection: new vscode.Range(start, start) }] };
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return node ? node.children : this.roots;
  }
}
