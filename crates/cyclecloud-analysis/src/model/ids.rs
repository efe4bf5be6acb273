//! Typed indexes into the model's tables (as rust-analyzer's `Idx<T>`): an id of one table
//! cannot index another, and it takes four bytes instead of eight. Side tables with one entry
//! per row of a model table are [`IdVec`]s, indexed by the same id.

use std::marker::PhantomData;

use super::{AttrInfo, Model, NodeInfo, ParamInfo, SectionInfo};

/// What [`IdVec`] needs of an id: the position it stands for, and the id of a position.
pub trait TableId: Copy {
    /// The id of the entry at `index` in its table.
    fn from_index(index: usize) -> Self;
    /// The position in its table.
    fn to_index(self) -> usize;
}

/// Declares a typed index into one of the model's tables, indexing `Vec<$item>`.
macro_rules! table_id {
    ($(#[$doc:meta])* $id:ident indexes $item:ty) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $id(u32);

        impl $id {
            /// The id of the entry at `index` in its table.
            pub fn new(index: usize) -> $id {
                $id(u32::try_from(index).expect("a model table holds fewer than 2^32 entries"))
            }

            /// The position in its table.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// Every id of a table of `len` entries, in order.
            pub fn all(len: usize) -> impl DoubleEndedIterator<Item = $id> + ExactSizeIterator {
                (0..len).map($id::new)
            }

            /// The id `by` entries further on: where an entry of a unit's table lands once the
            /// unit is placed after `by` entries of the model's.
            pub fn offset(self, by: usize) -> $id {
                $id::new(self.index() + by)
            }
        }

        impl TableId for $id {
            fn from_index(index: usize) -> $id {
                $id::new(index)
            }

            fn to_index(self) -> usize {
                self.index()
            }
        }

        impl std::ops::Index<$id> for Vec<$item> {
            type Output = $item;

            fn index(&self, id: $id) -> &$item {
                &self[id.index()]
            }
        }

        impl std::ops::IndexMut<$id> for Vec<$item> {
            fn index_mut(&mut self, id: $id) -> &mut $item {
                &mut self[id.index()]
            }
        }
    };
}

table_id!(
    /// A section in [`Model::sections`].
    SectionId indexes SectionInfo
);
table_id!(
    /// An attribute line in [`Model::attributes`].
    AttrId indexes AttrInfo
);
table_id!(
    /// A node or node array in [`Model::nodes`].
    NodeId indexes NodeInfo
);
table_id!(
    /// A parameter declaration in [`Model::parameters`].
    ParamId indexes ParamInfo
);

/// The attribute lines of one section. A unit places its lines one after the other, so they
/// are always consecutive ids: a range, where a list would be allocated (and freed) for every
/// section on every keystroke.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AttrSpan {
    start: u32,
    end: u32,
}

impl AttrSpan {
    /// The `len` lines from `start` on.
    pub fn new(start: AttrId, len: usize) -> AttrSpan {
        AttrSpan {
            start: start.0,
            end: start.offset(len).0,
        }
    }

    /// The lines, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = AttrId> + ExactSizeIterator {
        (self.start..self.end).map(AttrId)
    }

    /// The first line.
    pub fn first(&self) -> Option<AttrId> {
        self.iter().next()
    }
}

impl IntoIterator for AttrSpan {
    type Item = AttrId;
    type IntoIter = std::iter::Map<std::ops::Range<u32>, fn(u32) -> AttrId>;

    fn into_iter(self) -> Self::IntoIter {
        (self.start..self.end).map(AttrId as fn(u32) -> AttrId)
    }
}

/// A side table with one entry per row of a model table (what a check or the builder
/// remembers per node, per section, …), indexed by that table's id.
#[derive(Clone, Debug)]
pub struct IdVec<I, T> {
    items: Vec<T>,
    id: PhantomData<fn(I) -> I>,
}

impl<I: TableId, T: Clone> IdVec<I, T> {
    /// A table of `len` entries, each `value`.
    pub fn filled(value: T, len: usize) -> Self {
        IdVec {
            items: vec![value; len],
            id: PhantomData,
        }
    }
}

impl<I: TableId, T> IdVec<I, T> {
    /// The entries with their ids, in order.
    pub fn iter_with_ids(&self) -> impl DoubleEndedIterator<Item = (I, &T)> {
        with_ids(&self.items)
    }
}

impl<I, T> FromIterator<T> for IdVec<I, T> {
    /// A table whose entries are given in id order.
    fn from_iter<Items: IntoIterator<Item = T>>(items: Items) -> Self {
        IdVec {
            items: items.into_iter().collect(),
            id: PhantomData,
        }
    }
}

impl<I, T> IntoIterator for IdVec<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    /// The entries in id order.
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<I: TableId, T> std::ops::Index<I> for IdVec<I, T> {
    type Output = T;

    fn index(&self, id: I) -> &T {
        &self.items[id.to_index()]
    }
}

impl<I: TableId, T> std::ops::IndexMut<I> for IdVec<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.to_index()]
    }
}

/// A table's entries with their ids, in order.
fn with_ids<I: TableId, T>(table: &[T]) -> impl DoubleEndedIterator<Item = (I, &T)> {
    table
        .iter()
        .enumerate()
        .map(|(index, item)| (I::from_index(index), item))
}

impl Model {
    /// Every section with its id, in document order.
    pub fn sections_with_ids(&self) -> impl DoubleEndedIterator<Item = (SectionId, &SectionInfo)> {
        with_ids(&self.sections)
    }

    /// Every attribute line with its id, in document order.
    pub fn attributes_with_ids(&self) -> impl DoubleEndedIterator<Item = (AttrId, &AttrInfo)> {
        with_ids(&self.attributes)
    }

    /// Every node and node array with its id, in order.
    pub fn nodes_with_ids(&self) -> impl DoubleEndedIterator<Item = (NodeId, &NodeInfo)> {
        with_ids(&self.nodes)
    }

    /// Every parameter declaration with its id, in order.
    pub fn parameters_with_ids(&self) -> impl DoubleEndedIterator<Item = (ParamId, &ParamInfo)> {
        with_ids(&self.parameters)
    }

    /// The parameter a `[[[parameter …]]]` section declares, found by binary search: rules ask
    /// this once per line, and a scan of every parameter made that quadratic.
    pub fn parameter_declared_in(&self, section: SectionId) -> Option<&ParamInfo> {
        // Parameters are placed with their sections, in document order, so sorted by section.
        let at = self
            .parameters
            .partition_point(|parameter| parameter.section < section);
        self.parameters
            .get(at)
            .filter(|parameter| parameter.section == section)
    }
}

#[cfg(test)]
mod tests {
    use super::{AttrId, IdVec, NodeId};

    #[test]
    fn an_offset_id_lands_after_the_entries_before_it() {
        let placed: Vec<AttrId> = AttrId::all(2).map(|attr| attr.offset(3)).collect();
        assert_eq!(placed, [AttrId::new(3), AttrId::new(4)]);
    }

    #[test]
    fn a_side_table_is_read_and_written_by_id_in_id_order() {
        let mut seen: IdVec<NodeId, bool> = IdVec::filled(false, 3);
        seen[NodeId::new(2)] = true;
        let marked: Vec<NodeId> = seen
            .iter_with_ids()
            .filter(|(_, &seen)| seen)
            .map(|(id, _)| id)
            .collect();
        assert_eq!(marked, [NodeId::new(2)]);
        assert_eq!(seen.into_iter().collect::<Vec<_>>(), [false, false, true]);
    }
}
