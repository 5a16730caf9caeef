//! A playbook's steps: the first numbered list (or task list) under a steps heading becomes
//! a checklist the reader ticks off, each step a labelled checkbox.

use super::Renderer;
use crate::util::html::html_escape;
use pulldown_cmark::{Event, Tag, TagEnd};

pub(super) struct ChecklistState {
    depth: usize,
    step: usize,
    label_open: bool,
}

pub(super) struct TaskListStart {
    list_at: usize,
    item_at: Option<usize>,
}

impl<'e> Renderer<'_, 'e> {
    /// Whether this task marker opens the first item of a bullet list under the steps heading.
    pub(super) fn task_list_begins(&self) -> bool {
        // Right after the item's start, or after the paragraph a loose list opens there.
        self.task_list
            .as_ref()
            .and_then(|t| t.item_at)
            .is_some_and(|at| match self.events.len() - at {
                1 => true,
                2 => matches!(self.events[at + 1], Event::Start(Tag::Paragraph)),
                _ => false,
            })
    }

    /// Turns the bullet list whose first item just showed a task marker into the playbook's
    /// checklist, as if it had been written as a numbered list.
    pub(super) fn task_list_becomes_checklist(&mut self) {
        let Some(TaskListStart {
            list_at,
            item_at: Some(item_at),
        }) = self.task_list.take()
        else {
            return;
        };
        self.steps_pending = false;
        // A <label> holds phrasing content only (see `in_checklist_item`).
        self.events.truncate(item_at + 1);
        let key = html_escape(self.input.checklist_key.unwrap_or_default());
        self.events[list_at] =
            Event::Html(format!("<ol class=\"checklist\" data-checklist=\"{key}\">\n").into());
        self.events[item_at] =
            Event::Html("<li><label><input type=\"checkbox\" data-step=\"1\"> ".into());
        self.checklist = Some(ChecklistState {
            depth: self.list_depth,
            step: 1,
            label_open: true,
        });
    }

    pub(super) fn in_checklist_item(&self) -> bool {
        self.checklist
            .as_ref()
            .is_some_and(|c| c.label_open && self.list_depth == c.depth)
    }

    pub(super) fn start_list(&mut self, start: Option<u64>) {
        self.list_depth += 1;
        if let Some(c) = &mut self.checklist
            && c.label_open
        {
            c.label_open = false;
            self.events.push(Event::Html("</label>".into()));
        }
        let becomes_checklist = self.steps_pending
            && self.checklist.is_none()
            && self.list_depth == 1
            && start.is_some()
            && self.input.checklist_key.is_some();
        let may_be_task_list = self.steps_pending
            && self.checklist.is_none()
            && self.list_depth == 1
            && start.is_none()
            && self.input.checklist_key.is_some();
        if may_be_task_list {
            self.task_list = Some(TaskListStart {
                list_at: self.events.len(),
                item_at: None,
            });
        }
        if becomes_checklist {
            self.steps_pending = false;
            self.checklist = Some(ChecklistState {
                depth: self.list_depth,
                step: 0,
                label_open: false,
            });
            let key = html_escape(self.input.checklist_key.unwrap_or_default());
            let start_attr = match start {
                Some(n) if n != 1 => format!(" start=\"{n}\""),
                _ => String::new(),
            };
            self.emit(Event::Html(
                format!("<ol class=\"checklist\" data-checklist=\"{key}\"{start_attr}>\n").into(),
            ));
        } else {
            self.emit(Event::Start(Tag::List(start)));
        }
    }

    pub(super) fn end_list(&mut self, ordered: bool) {
        if self.list_depth == 1 {
            self.task_list = None;
        }
        let closes_checklist = self
            .checklist
            .as_ref()
            .is_some_and(|c| c.depth == self.list_depth);
        self.list_depth -= 1;
        if closes_checklist {
            let steps = self.checklist.take().map_or(0, |c| c.step);
            self.out.steps += steps;
            self.emit(Event::Html("</ol>\n".into()));
        } else {
            self.emit(Event::End(TagEnd::List(ordered)));
        }
    }

    pub(super) fn start_item(&mut self) {
        let depth = self.list_depth;
        match &mut self.checklist {
            Some(c) if c.depth == depth => {
                c.step += 1;
                c.label_open = true;
                let step = c.step;
                self.emit(Event::Html(
                    format!("<li><label><input type=\"checkbox\" data-step=\"{step}\"> ").into(),
                ));
            }
            _ => {
                if let Some(t) = &mut self.task_list {
                    match t.item_at {
                        None if depth == 1 => t.item_at = Some(self.events.len()),
                        // Only the first item decides.
                        _ => self.task_list = None,
                    }
                }
                self.emit(Event::Start(Tag::Item))
            }
        }
    }

    pub(super) fn end_item(&mut self) {
        let depth = self.list_depth;
        match &mut self.checklist {
            Some(c) if c.depth == depth => {
                let close = if c.label_open {
                    "</label></li>\n"
                } else {
                    "</li>\n"
                };
                c.label_open = false;
                self.emit(Event::Html(close.into()));
            }
            _ => self.emit(Event::End(TagEnd::Item)),
        }
    }
}
