//! Pure domain types and rules: ids, channels, levels, priorities, the
//! ticket state machine and the SLA clock maths. Nothing here does I/O or
//! reads a clock; callers pass `now`.

pub mod attachment;
pub mod callback;
pub mod command;
pub mod feedback;
pub mod ids;
pub mod lang;
pub mod message;
pub mod sla;
pub mod text;
pub mod ticket;

pub use feedback::{ArticleFate, ConversationEnd, QueryOutcome};
pub use ids::{Channel, ContactId, ConversationId, Level, Priority, TicketId};
pub use lang::Lang;
pub use message::{
    Attachment, Choice, CopyOp, Destination, Inbound, Outbound, Sender, TextFormat, ThreadOp, UserInput, EDITED_MARK,
    MAX_NAME_CHARS,
};
pub use ticket::{Ticket, TicketEvent, TicketState, TransitionError};
