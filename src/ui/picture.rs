//! The picture of the cluster every page shows from step 1 on: the nodes (name, address, online
//! or not, their votes), the links between members, the quorum in words, the NAS and which
//! nodes see it, and where each VM runs. [`Picture`] is plain data folded from the course's
//! events, so it is tested without a window; [`picture_ui`] draws it with egui's painter, each
//! shape with an AccessKit label, and never says a thing by colour alone.

use std::collections::BTreeSet;
use std::time::Duration;

use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2};

use crate::course::{ClusterSeen, Event, Seen, StorageSeen, VmSeen};
use crate::i18n::{Message, Translator};
use crate::ui::wizard::Change;

/// A node as the picture shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NodeMark {
    pub name: String,
    pub address: Option<String>,
    pub online: bool,
    /// In the cluster (only then does it vote).
    pub member: bool,
    pub votes: u64,
}

/// The NAS, as storage of the cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NasMark {
    pub storage: String,
    pub server: String,
    /// The nodes on which the storage is active.
    pub seen_by: BTreeSet<String>,
}

/// A VM, and what the HA manager says of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VmMark {
    pub vmid: u64,
    pub name: Option<String>,
    pub node: String,
    pub running: bool,
    /// Its HA state (`started`, `fence`, `recovery`, …) once it is an HA service.
    pub ha: Option<String>,
}

/// What the picture shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Picture {
    /// In plan order.
    pub nodes: Vec<NodeMark>,
    /// The cluster's name, once there is one.
    pub cluster: Option<String>,
    pub quorate: bool,
    pub nas: Option<NasMark>,
    pub vms: Vec<VmMark>,
}

/// The votes of the members online, of all the members' votes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Votes {
    pub online: u64,
    pub total: u64,
}

impl Picture {
    /// Takes in what the course saw.
    pub(crate) fn update(&mut self, event: &Event) {
        match event {
            Event::Seen { seen } => match seen {
                Seen::Hosts(facts) => {
                    let earlier = std::mem::take(&mut self.nodes);
                    self.nodes = facts
                        .iter()
                        .map(|node| {
                            let known = earlier.iter().find(|n| n.name == node.name);
                            NodeMark {
                                name: node.name.clone(),
                                address: node
                                    .own_address()
                                    .map(str::to_owned)
                                    .or_else(|| known.and_then(|k| k.address.clone())),
                                online: true,
                                member: node.cluster.is_some(),
                                votes: known.map_or(1, |k| k.votes),
                            }
                        })
                        .collect();
                }
                Seen::Cluster(cluster) => self.cluster_seen(cluster),
                Seen::Storage(storage) => self.storage_seen(storage),
                Seen::Vm(vm) => self.vm_seen(vm),
                Seen::Ha(entries) => {
                    for entry in entries.iter().filter(|e| e.kind == "service") {
                        if let (Some(sid), Some(node)) = (&entry.sid, &entry.node) {
                            self.service(sid, entry.state.as_deref().unwrap_or_default(), node);
                        }
                    }
                }
            },
            Event::NodeChanged { node, online, .. } => {
                if let Some(mark) = self.nodes.iter_mut().find(|n| n.name == *node) {
                    mark.online = *online;
                }
                // votequorum's rule, until the next reading says: more than half of the votes.
                let votes = self.votes();
                self.quorate = votes.online * 2 > votes.total;
            }
            Event::ServiceChanged {
                sid, state, node, ..
            } => self.service(sid, state, node),
            _ => {}
        }
    }

    fn cluster_seen(&mut self, cluster: &ClusterSeen) {
        self.cluster = Some(cluster.name.clone());
        self.quorate = cluster.quorate;
        for node in &mut self.nodes {
            node.member = false;
        }
        for member in &cluster.members {
            let mark = match self.nodes.iter_mut().find(|n| n.name == member.name) {
                Some(mark) => mark,
                None => {
                    self.nodes.push(NodeMark {
                        name: member.name.clone(),
                        address: None,
                        online: false,
                        member: false,
                        votes: 0,
                    });
                    let Some(mark) = self.nodes.last_mut() else {
                        continue;
                    };
                    mark
                }
            };
            mark.member = true;
            mark.online = member.online;
            mark.votes = member.votes;
            if member.address.is_some() {
                mark.address.clone_from(&member.address);
            }
        }
    }

    fn storage_seen(&mut self, storage: &StorageSeen) {
        self.nas = Some(NasMark {
            storage: storage.storage.clone(),
            server: storage.server.clone(),
            seen_by: storage.active_on.iter().cloned().collect(),
        });
    }

    fn vm_seen(&mut self, vm: &VmSeen) {
        let ha = self
            .vms
            .iter()
            .find(|v| v.vmid == vm.vmid)
            .and_then(|v| v.ha.clone());
        self.vms.retain(|v| v.vmid != vm.vmid);
        self.vms.push(VmMark {
            vmid: vm.vmid,
            name: Some(vm.name.clone()),
            node: vm.node.clone(),
            running: vm.running,
            ha,
        });
    }

    /// An HA service's state and node: `vm:100` is VM 100's (a container's `ct:` is not drawn).
    fn service(&mut self, sid: &str, state: &str, node: &str) {
        let Some(vmid) = sid.strip_prefix("vm:").and_then(|id| id.parse().ok()) else {
            return;
        };
        let mark = match self.vms.iter_mut().position(|v| v.vmid == vmid) {
            Some(index) => self.vms.get_mut(index),
            None => {
                self.vms.push(VmMark {
                    vmid,
                    name: None,
                    node: node.to_owned(),
                    running: false,
                    ha: None,
                });
                self.vms.last_mut()
            }
        };
        if let Some(mark) = mark {
            node.clone_into(&mut mark.node);
            // The HA manager's `started` is the request it fulfils: the VM runs.
            mark.running = state == "started";
            mark.ha = Some(state.to_owned());
        }
    }

    /// The members' votes, and how many of them are online.
    pub(crate) fn votes(&self) -> Votes {
        let members = self.nodes.iter().filter(|n| n.member);
        Votes {
            online: members.clone().filter(|n| n.online).map(|n| n.votes).sum(),
            total: members.map(|n| n.votes).sum(),
        }
    }

    /// The line under the picture: the cluster and its quorum, or the nodes still apart.
    pub(crate) fn caption(&self) -> Message {
        match &self.cluster {
            Some(name) => {
                let votes = self.votes();
                crate::msg!(
                    "gui-picture-cluster",
                    cluster = name.as_str(),
                    online = votes.online,
                    total = votes.total,
                    quorate = if self.quorate { "yes" } else { "no" }
                )
            }
            None => crate::msg!("gui-picture-apart", count = self.nodes.len()),
        }
    }

    fn node_label(node: &NodeMark) -> Message {
        crate::msg!(
            "gui-picture-node",
            node = node.name.as_str(),
            address = node.address.as_deref().unwrap_or("?"),
            online = if node.online { "yes" } else { "no" },
            member = if node.member { "yes" } else { "no" },
            votes = node.votes
        )
    }

    fn vm_label(vm: &VmMark) -> Message {
        crate::msg!(
            "gui-picture-vm",
            vmid = vm.vmid,
            named = if vm.name.is_some() { "yes" } else { "no" },
            name = vm.name.as_deref().unwrap_or_default(),
            node = vm.node.as_str(),
            running = if vm.running { "yes" } else { "no" },
            ha = vm.ha.as_deref().unwrap_or("none")
        )
    }

    fn nas_label(nas: &NasMark) -> Message {
        let seen_by: Vec<&str> = nas.seen_by.iter().map(String::as_str).collect();
        crate::msg!(
            "gui-picture-nas",
            server = nas.server.as_str(),
            storage = nas.storage.as_str(),
            count = seen_by.len(),
            nodes = seen_by.join(", ")
        )
    }
}

/// Colours that read on the theme's background; each is paired with a word or a symbol.
struct Palette {
    up: Color32,
    down: Color32,
    text: Color32,
    weak: Color32,
    fill: Color32,
    fill_down: Color32,
}

impl Palette {
    fn of(visuals: &egui::Visuals) -> Self {
        let (up, down) = if visuals.dark_mode {
            (
                Color32::from_rgb(0x7c, 0xcf, 0x7c),
                Color32::from_rgb(0xff, 0x8a, 0x80),
            )
        } else {
            (
                Color32::from_rgb(0x1b, 0x6e, 0x20),
                Color32::from_rgb(0xb7, 0x1c, 0x1c),
            )
        };
        Self {
            up,
            down,
            text: visuals.strong_text_color(),
            weak: visuals.weak_text_color(),
            fill: visuals.extreme_bg_color,
            fill_down: visuals.faint_bg_color,
        }
    }
}

const NODE_HEIGHT: f32 = 64.0;
const VM_HEIGHT: f32 = 22.0;
const NAS_HEIGHT: f32 = 40.0;
const GAP: f32 = 14.0;
/// Room over the nodes for the links that pass over the ones between.
const ARC: f32 = 18.0;

/// A state, drawn as a shape beside its word (the font has no such symbols).
#[derive(Clone, Copy)]
enum Symbol {
    /// A tick: online, quorate.
    Up,
    /// A cross: offline, no quorum.
    Down,
    /// A triangle: running.
    Running,
    /// A square: stopped.
    Stopped,
}

fn symbol(painter: &egui::Painter, centre: Pos2, symbol: Symbol, colour: Color32) {
    let r = 4.5;
    let stroke = Stroke::new(2.0, colour);
    match symbol {
        Symbol::Up => painter.add(egui::Shape::line(
            vec![
                centre + Vec2::new(-r, 0.0),
                centre + Vec2::new(-r / 3.0, r * 0.8),
                centre + Vec2::new(r, -r * 0.8),
            ],
            stroke,
        )),
        Symbol::Down => {
            painter.line_segment([centre - Vec2::splat(r), centre + Vec2::splat(r)], stroke);
            painter.line_segment(
                [centre + Vec2::new(-r, r), centre + Vec2::new(r, -r)],
                stroke,
            )
        }
        Symbol::Running => painter.add(egui::Shape::convex_polygon(
            vec![
                centre + Vec2::new(-r * 0.8, -r),
                centre + Vec2::new(r, 0.0),
                centre + Vec2::new(-r * 0.8, r),
            ],
            colour,
            Stroke::NONE,
        )),
        Symbol::Stopped => painter.rect_filled(
            Rect::from_center_size(centre, Vec2::splat(r * 1.6)),
            1.0,
            colour,
        ),
    };
}

/// A line of text centred at `centre`, after its symbol.
fn text_with_symbol(
    painter: &egui::Painter,
    centre: Pos2,
    text: String,
    size: f32,
    colour: Color32,
    mark: Symbol,
) {
    let galley = painter.layout_no_wrap(text, FontId::proportional(size), colour);
    let width = galley.size().x + 14.0;
    let left = centre.x - width / 2.0;
    symbol(painter, Pos2::new(left + 5.0, centre.y), mark, colour);
    let top = Pos2::new(left + 14.0, centre.y - galley.size().y / 2.0);
    painter.galley(top, galley, colour);
}

/// Draws the picture in the width there is (it reads at the window's smallest size).
pub(crate) fn picture_ui(ui: &mut egui::Ui, picture: &Picture, tr: &Translator) {
    if picture.nodes.is_empty() {
        return;
    }
    let palette = Palette::of(ui.visuals());
    let count = picture.nodes.len() as f32;
    let width = ui.available_width().clamp(240.0, 760.0);
    let node_width = ((width - GAP * (count + 1.0)) / count).min(170.0);
    let row = node_width * count + GAP * (count - 1.0);
    let vm_rows = picture
        .nodes
        .iter()
        .map(|n| picture.vms.iter().filter(|vm| vm.node == n.name).count())
        .max()
        .unwrap_or_default() as f32;
    let under_nodes = ARC + NODE_HEIGHT + vm_rows * (VM_HEIGHT + 4.0);
    let nas_top = under_nodes + 2.0 * GAP;
    let height = if picture.nas.is_some() {
        nas_top + NAS_HEIGHT + 4.0
    } else {
        under_nodes + 6.0
    };
    let (canvas, _) = ui.allocate_exact_size(Vec2::new(width, height), Sense::hover());
    let painter = ui.painter_at(canvas);
    let left = canvas.left() + (width - row) / 2.0;
    let boxes: Vec<Rect> = (0..picture.nodes.len())
        .map(|i| {
            let x = left + i as f32 * (node_width + GAP);
            Rect::from_min_size(
                Pos2::new(x, canvas.top() + ARC + 2.0),
                Vec2::new(node_width, NODE_HEIGHT),
            )
        })
        .collect();

    links_ui(ui, &painter, picture, &boxes, &palette, tr);
    if let Some(nas) = &picture.nas {
        let nas_rect = Rect::from_center_size(
            Pos2::new(canvas.center().x, canvas.top() + nas_top + NAS_HEIGHT / 2.0),
            Vec2::new(node_width.max(170.0), NAS_HEIGHT),
        );
        let starts = boxes
            .iter()
            .map(|b| Pos2::new(b.center().x, canvas.top() + under_nodes + 2.0))
            .collect::<Vec<_>>();
        nas_ui(ui, &painter, picture, nas, nas_rect, &starts, &palette, tr);
    }
    for (node, rect) in picture.nodes.iter().zip(&boxes) {
        node_ui(ui, &painter, node, *rect, &palette, tr);
        let vms = picture.vms.iter().filter(|vm| vm.node == node.name);
        for (k, vm) in vms.enumerate() {
            let top = rect.bottom() + 4.0 + k as f32 * (VM_HEIGHT + 4.0);
            let vm_rect = Rect::from_min_size(
                Pos2::new(rect.left() + 6.0, top),
                Vec2::new(rect.width() - 12.0, VM_HEIGHT),
            );
            vm_ui(ui, &painter, vm, vm_rect, &palette, tr);
        }
    }
    caption_ui(ui, picture, &palette, tr);
}

/// The cluster and its quorum in words, in the colour of the quorum and after its symbol.
fn caption_ui(ui: &mut egui::Ui, picture: &Picture, palette: &Palette, tr: &Translator) {
    let text = tr.tr(&picture.caption());
    if picture.cluster.is_none() {
        ui.label(text);
        return;
    }
    let (colour, mark) = if picture.quorate {
        (palette.up, Symbol::Up)
    } else {
        (palette.down, Symbol::Down)
    };
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(Vec2::splat(14.0), Sense::hover());
        symbol(ui.painter(), rect.center(), mark, colour);
        ui.label(egui::RichText::new(text).strong().color(colour));
    });
}

/// Gives a drawn shape its name for screen readers, and as a tooltip.
fn name_shape(
    ui: &egui::Ui,
    rect: Rect,
    salt: impl std::hash::Hash + std::fmt::Debug,
    label: String,
) {
    let response = ui.interact(rect, ui.scope_id().with(("picture", salt)), Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Image, true, &label));
    response.on_hover_text(label);
}

fn node_ui(
    ui: &egui::Ui,
    painter: &egui::Painter,
    node: &NodeMark,
    rect: Rect,
    palette: &Palette,
    tr: &Translator,
) {
    let (colour, fill, mark) = if node.online {
        (palette.up, palette.fill, Symbol::Up)
    } else {
        (palette.down, palette.fill_down, Symbol::Down)
    };
    let stroke = Stroke::new(if node.member { 2.0 } else { 1.0 }, colour);
    painter.rect(rect, 6.0, fill, stroke, StrokeKind::Inside);
    let x = rect.center().x;
    painter.text(
        Pos2::new(x, rect.top() + 13.0),
        Align2::CENTER_CENTER,
        &node.name,
        FontId::proportional(15.0),
        palette.text,
    );
    painter.text(
        Pos2::new(x, rect.top() + 30.0),
        Align2::CENTER_CENTER,
        node.address.as_deref().unwrap_or_default(),
        FontId::proportional(11.0),
        palette.weak,
    );
    let state = crate::msg!(
        "gui-picture-node-state",
        online = if node.online { "yes" } else { "no" },
        member = if node.member { "yes" } else { "no" },
        votes = node.votes
    );
    text_with_symbol(
        painter,
        Pos2::new(x, rect.top() + 48.0),
        tr.tr(&state),
        12.0,
        colour,
        mark,
    );
    name_shape(
        ui,
        rect,
        ("node", &node.name),
        tr.tr(&Picture::node_label(node)),
    );
}

fn vm_ui(
    ui: &egui::Ui,
    painter: &egui::Painter,
    vm: &VmMark,
    rect: Rect,
    palette: &Palette,
    tr: &Translator,
) {
    let (colour, mark) = if vm.running {
        (palette.up, Symbol::Running)
    } else {
        (palette.weak, Symbol::Stopped)
    };
    painter.rect(
        rect,
        4.0,
        palette.fill,
        Stroke::new(1.0, colour),
        StrokeKind::Inside,
    );
    let short = crate::msg!(
        "gui-picture-vm-short",
        vmid = vm.vmid,
        ha = vm.ha.as_deref().unwrap_or("none")
    );
    text_with_symbol(painter, rect.center(), tr.tr(&short), 11.5, colour, mark);
    name_shape(ui, rect, ("vm", vm.vmid), tr.tr(&Picture::vm_label(vm)));
}

/// Corosync's links: between each pair of members (a full mesh, as knet keeps it), solid while
/// both ends are online, dashed once one is not.
fn links_ui(
    ui: &egui::Ui,
    painter: &egui::Painter,
    picture: &Picture,
    boxes: &[Rect],
    palette: &Palette,
    tr: &Translator,
) {
    let members: Vec<(&NodeMark, &Rect)> = picture
        .nodes
        .iter()
        .zip(boxes)
        .filter(|(n, _)| n.member)
        .collect();
    for (i, (a, ra)) in members.iter().enumerate() {
        for (b, rb) in members.iter().skip(i + 1) {
            let up = a.online && b.online;
            let stroke = Stroke::new(2.0, if up { palette.up } else { palette.weak });
            let (points, hit) = if rb.left() - ra.right() < 2.0 * GAP {
                // Neighbours: straight across the gap.
                let y = ra.center().y;
                let from = Pos2::new(ra.right(), y);
                let to = Pos2::new(rb.left(), y);
                (vec![from, to], Rect::from_two_pos(from, to).expand(4.0))
            } else {
                // Further apart: over the top of the nodes between.
                let top = ra.top() - ARC + 4.0;
                let from = ra.center_top() + Vec2::new(ra.width() / 4.0, 0.0);
                let to = rb.center_top() - Vec2::new(rb.width() / 4.0, 0.0);
                let path = vec![from, Pos2::new(from.x, top), Pos2::new(to.x, top), to];
                let hit = Rect::from_two_pos(Pos2::new(from.x, top), Pos2::new(to.x, top + 4.0));
                (path, hit.expand(3.0))
            };
            if up {
                painter.add(egui::Shape::line(points, stroke));
            } else {
                painter.extend(egui::Shape::dashed_line(&points, stroke, 5.0, 4.0));
            }
            let label = crate::msg!(
                "gui-picture-link",
                from = a.name.as_str(),
                to = b.name.as_str(),
                up = if up { "yes" } else { "no" }
            );
            name_shape(ui, hit, ("link", &a.name, &b.name), tr.tr(&label));
        }
    }
}

/// The NAS under the nodes: a line to each node on which its storage is active, dashed to the
/// others.
#[allow(clippy::too_many_arguments)]
fn nas_ui(
    ui: &egui::Ui,
    painter: &egui::Painter,
    picture: &Picture,
    nas: &NasMark,
    rect: Rect,
    starts: &[Pos2],
    palette: &Palette,
    tr: &Translator,
) {
    for (node, from) in picture.nodes.iter().zip(starts) {
        let to = rect.center_top();
        if nas.seen_by.contains(&node.name) {
            painter.line_segment([*from, to], Stroke::new(1.5, palette.up));
        } else {
            painter.extend(egui::Shape::dashed_line(
                &[*from, to],
                Stroke::new(1.0, palette.weak),
                4.0,
                4.0,
            ));
        }
    }
    painter.rect(
        rect,
        4.0,
        palette.fill,
        Stroke::new(1.5, palette.text),
        StrokeKind::Inside,
    );
    painter.text(
        rect.center() - Vec2::new(0.0, 8.0),
        Align2::CENTER_CENTER,
        format!("NAS {}", nas.server),
        FontId::proportional(12.5),
        palette.text,
    );
    let short = crate::msg!(
        "gui-picture-nas-short",
        storage = nas.storage.as_str(),
        count = nas.seen_by.len(),
        total = picture.nodes.len()
    );
    painter.text(
        rect.center() + Vec2::new(0.0, 9.0),
        Align2::CENTER_CENTER,
        tr.tr(&short),
        FontId::proportional(11.0),
        palette.weak,
    );
    name_shape(ui, rect, "nas", tr.tr(&Picture::nas_label(nas)));
}

/// Where a label centred at `x` keeps within `canvas`: from its left end near the left edge,
/// from its right end near the right one.
fn inside(x: f32, canvas: Rect) -> Align2 {
    if x - canvas.left() < 30.0 {
        Align2::LEFT_CENTER
    } else if canvas.right() - x < 30.0 {
        Align2::RIGHT_CENTER
    } else {
        Align2::CENTER_CENTER
    }
}

/// `m:ss`.
pub(crate) fn minutes_seconds(after: Duration) -> String {
    let seconds = after.as_secs();
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

const TIMELINE_HEIGHT: f32 = 104.0;

/// The failover, on a line of time: each node lost or back, each state of the HA services as
/// Datacenter > HA names it, the moment the VM ran again, and the time it was away between the
/// two. `now` moves while the watch runs. `scale` is the practice lab's speed: the ticks then
/// count the lab's clock, as a real cluster would take.
pub(crate) fn timeline_ui(
    ui: &mut egui::Ui,
    timeline: &[(Duration, Change)],
    now: Option<Duration>,
    scale: f64,
    tr: &Translator,
) {
    if timeline.is_empty() {
        return;
    }
    let palette = Palette::of(ui.visuals());
    let last = timeline.last().map(|(at, _)| *at).unwrap_or_default();
    let end = now
        .unwrap_or_default()
        .max(last)
        .max(Duration::from_secs(10))
        .mul_f64(1.1);
    let width = ui.available_width().clamp(240.0, 760.0);
    let (canvas, _) = ui.allocate_exact_size(Vec2::new(width, TIMELINE_HEIGHT), Sense::hover());
    let painter = ui.painter_at(canvas);
    let axis = canvas.top() + 40.0;
    let left = canvas.left() + 8.0;
    let right = canvas.right() - 8.0;
    let x_of = |at: Duration| left + (right - left) * (at.as_secs_f32() / end.as_secs_f32());
    let lab = |at: Duration| at.mul_f64(scale.max(1.0));

    painter.line_segment(
        [Pos2::new(left, axis), Pos2::new(right, axis)],
        Stroke::new(1.5, palette.weak),
    );
    // Ticks every round stretch of the clock shown (1, 2, 5… of 10 s, minutes).
    let shown_end = lab(end).as_secs_f32();
    let step = [
        5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0,
    ]
    .into_iter()
    .find(|step| shown_end / step <= 8.0)
    .unwrap_or(3600.0);
    let mut tick = 0.0;
    while tick <= shown_end {
        let x = left + (right - left) * (tick / shown_end);
        painter.line_segment(
            [Pos2::new(x, axis - 3.0), Pos2::new(x, axis + 3.0)],
            Stroke::new(1.0, palette.weak),
        );
        painter.text(
            Pos2::new(x, canvas.bottom() - 8.0),
            inside(x, canvas),
            minutes_seconds(Duration::from_secs_f32(tick)),
            FontId::proportional(10.5),
            palette.weak,
        );
        tick += step;
    }

    // The VM away: from its node's loss to its start elsewhere.
    let mut lost: Option<(&str, Duration)> = None;
    for (at, change) in timeline {
        match change {
            Change::Node {
                node,
                online: false,
            } => lost = Some((node, *at)),
            Change::Recovered { from, .. } => {
                if let Some((_, since)) = lost.filter(|(node, _)| node == from) {
                    let band = Rect::from_min_max(
                        Pos2::new(x_of(since), axis - 10.0),
                        Pos2::new(x_of(*at), axis + 10.0),
                    );
                    painter.rect_filled(band, 2.0, palette.down.gamma_multiply(0.25));
                }
            }
            _ => {}
        }
    }

    let mut row = 0;
    for (index, (at, change)) in timeline.iter().enumerate() {
        let x = x_of(*at);
        let (colour, mark, text, above) = match change {
            Change::Node { node, online } => {
                let (colour, mark) = if *online {
                    (palette.up, Symbol::Up)
                } else {
                    (palette.down, Symbol::Down)
                };
                (colour, Some(mark), node.clone(), true)
            }
            Change::Recovered { .. } => (palette.up, Some(Symbol::Running), String::new(), true),
            Change::Service { state, .. } => (palette.text, None, state.clone(), false),
        };
        let (top, bottom) = if above {
            (canvas.top() + 14.0, axis)
        } else {
            (axis, axis + 4.0)
        };
        painter.line_segment(
            [Pos2::new(x, top), Pos2::new(x, bottom)],
            Stroke::new(2.0, colour),
        );
        let hit = if above {
            if let Some(mark) = mark {
                symbol(&painter, Pos2::new(x, canvas.top() + 7.0), mark, colour);
            }
            if !text.is_empty() {
                painter.text(
                    Pos2::new(x + 8.0, canvas.top() + 7.0),
                    Align2::LEFT_CENTER,
                    &text,
                    FontId::proportional(11.0),
                    colour,
                );
            }
            Rect::from_min_max(Pos2::new(x - 6.0, canvas.top()), Pos2::new(x + 6.0, axis))
        } else {
            // The states stack under the line, so that quick ones stay apart.
            let y = axis + 12.0 + 13.0 * row as f32;
            row = (row + 1) % 3;
            painter.circle_filled(Pos2::new(x, axis), 3.5, colour);
            let rect = painter.text(
                Pos2::new(x, y),
                inside(x, canvas),
                &text,
                FontId::proportional(11.0),
                colour,
            );
            rect.union(Rect::from_center_size(Pos2::new(x, axis), Vec2::splat(8.0)))
        };
        let label = format!(
            "{}  {}",
            minutes_seconds(lab(*at)),
            tr.tr(&change.message())
        );
        name_shape(ui, hit, ("timeline", index), label);
    }

    if let Some(now) = now {
        let x = x_of(now);
        painter.line_segment(
            [Pos2::new(x, canvas.top() + 2.0), Pos2::new(x, axis + 10.0)],
            Stroke::new(1.0, palette.text),
        );
        // The cursor moves with the clock, a second at a time.
        ui.ctx().request_repaint_after(Duration::from_secs(1));
    }
    let clock = if scale > 1.0 {
        crate::msg!("gui-timeline-lab-clock", scale = scale)
    } else {
        crate::msg!("gui-timeline-clock")
    };
    ui.weak(tr.tr(&clock));
    ui.add_space(6.0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::steps::s01_hostnames::NodeFacts;
    use crate::course::{MemberSeen, StorageSeen};

    fn facts(name: &str, address: &str) -> NodeFacts {
        NodeFacts {
            label: format!("{address}:8006"),
            name: name.to_owned(),
            version: "9.2.10".to_owned(),
            major: Some(9),
            hosts_addresses: vec![address.to_owned()],
            own_addresses: vec![address.to_owned()],
            cluster: None,
            guests: 0,
            clock_offset_secs: 0,
        }
    }

    fn seen(seen: Seen) -> Event {
        Event::Seen { seen }
    }

    fn three_apart() -> Picture {
        let mut picture = Picture::default();
        picture.update(&seen(Seen::Hosts(vec![
            facts("pve1", "192.168.1.11"),
            facts("pve2", "192.168.1.12"),
            facts("pve3", "192.168.1.13"),
        ])));
        picture
    }

    fn cluster(members: &[(&str, bool)], quorate: bool) -> Event {
        seen(Seen::Cluster(ClusterSeen {
            name: "escola".to_owned(),
            quorate,
            members: members
                .iter()
                .map(|(name, online)| MemberSeen {
                    name: (*name).to_owned(),
                    address: None,
                    online: *online,
                    votes: 1,
                })
                .collect(),
        }))
    }

    fn said(message: &Message) -> String {
        Translator::new(crate::i18n::Language::En).tr(message)
    }

    #[test]
    fn the_nodes_stand_apart_until_the_cluster_is_made() {
        let picture = three_apart();
        assert_eq!(picture.nodes.len(), 3);
        assert!(picture.nodes.iter().all(|n| n.online && !n.member));
        assert_eq!(
            picture.votes(),
            Votes {
                online: 0,
                total: 0
            }
        );
        assert_eq!(
            said(&picture.caption()),
            "3 separate nodes: no cluster yet."
        );
    }

    #[test]
    fn the_cluster_forms_one_member_at_a_time() {
        let mut picture = three_apart();
        picture.update(&cluster(&[("pve1", true)], true));
        assert_eq!(
            picture.votes(),
            Votes {
                online: 1,
                total: 1
            }
        );
        assert!(picture.nodes.iter().filter(|n| n.member).count() == 1);
        picture.update(&cluster(
            &[("pve1", true), ("pve2", true), ("pve3", true)],
            true,
        ));
        assert_eq!(
            picture.votes(),
            Votes {
                online: 3,
                total: 3
            }
        );
        // The addresses typed stay, as corosync's are not given here.
        assert_eq!(picture.nodes[2].address.as_deref(), Some("192.168.1.13"));
        assert_eq!(
            said(&picture.caption()),
            "Cluster escola: 3 of 3 votes online, quorate"
        );
    }

    #[test]
    fn a_node_lost_takes_its_vote_and_two_lost_take_the_quorum() {
        let mut picture = three_apart();
        picture.update(&cluster(
            &[("pve1", true), ("pve2", true), ("pve3", true)],
            true,
        ));
        let down = |node: &str| Event::NodeChanged {
            node: node.to_owned(),
            online: false,
            at: std::time::SystemTime::UNIX_EPOCH,
        };
        picture.update(&down("pve2"));
        assert_eq!(
            picture.votes(),
            Votes {
                online: 2,
                total: 3
            }
        );
        assert!(picture.quorate);
        assert_eq!(
            said(&picture.caption()),
            "Cluster escola: 2 of 3 votes online, quorate"
        );
        picture.update(&down("pve3"));
        assert!(!picture.quorate);
        assert_eq!(
            said(&picture.caption()),
            "Cluster escola: 1 of 3 votes online, no quorum"
        );
        // The next reading has the last word.
        picture.update(&cluster(
            &[("pve1", true), ("pve2", true), ("pve3", false)],
            true,
        ));
        assert!(picture.quorate);
    }

    #[test]
    fn the_nas_shows_the_nodes_that_see_it() {
        let mut picture = three_apart();
        picture.update(&seen(Seen::Storage(StorageSeen {
            storage: "NAS".to_owned(),
            server: "192.168.1.50".to_owned(),
            export: "/srv/nfs".to_owned(),
            active_on: vec!["pve1".to_owned(), "pve3".to_owned()],
        })));
        let Some(nas) = &picture.nas else {
            panic!("no NAS drawn");
        };
        assert_eq!(
            said(&Picture::nas_label(nas)),
            "NAS 192.168.1.50 as storage NAS, seen by 2 nodes: pve1, pve3"
        );
    }

    #[test]
    fn the_vm_moves_with_its_ha_service() {
        let mut picture = three_apart();
        picture.update(&seen(Seen::Vm(VmSeen {
            vmid: 100,
            name: "web".to_owned(),
            node: "pve1".to_owned(),
            running: true,
        })));
        assert_eq!(picture.vms[0].node, "pve1");
        let service = |state: &str, node: &str| Event::ServiceChanged {
            sid: "vm:100".to_owned(),
            state: state.to_owned(),
            node: node.to_owned(),
            at: std::time::SystemTime::UNIX_EPOCH,
        };
        picture.update(&service("fence", "pve1"));
        assert!(!picture.vms[0].running);
        assert_eq!(
            said(&Picture::vm_label(&picture.vms[0])),
            "VM 100 web on pve1: stopped, HA state fence"
        );
        picture.update(&service("started", "pve2"));
        assert_eq!(picture.vms.len(), 1);
        assert_eq!(picture.vms[0].node, "pve2");
        assert!(picture.vms[0].running);
        assert_eq!(picture.vms[0].name.as_deref(), Some("web"));
        // A container's service is not a VM of the picture.
        picture.update(&Event::ServiceChanged {
            sid: "ct:200".to_owned(),
            state: "started".to_owned(),
            node: "pve3".to_owned(),
            at: std::time::SystemTime::UNIX_EPOCH,
        });
        assert_eq!(picture.vms.len(), 1);
    }
}
