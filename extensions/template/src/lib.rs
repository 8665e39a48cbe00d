//! A first extension: a query, an action that keeps rows in the extension's
//! own table, and a resumable job. Copy this crate to start your own
//! (docs/extension-authors.md).
#![deny(unsafe_code)]

use spacedrive_sdk::prelude::*;

#[extension(
    id = "hello",
    name = "Hello",
    version = "0.1.0",
    description = "A first extension: a query, an action with a table of its own, a job.",
    permissions = [Permission::OwnTables],
    jobs = [countdown],
    operations = [greet, greetings],
)]
struct Hello;

#[derive(Deserialize)]
struct GreetInput {
    name: String,
}

/// `hello.greet`: greets, and remembers the name in the table of migrations/V1__greetings.sql.
#[action]
async fn greet(ctx: &ActionContext, input: GreetInput) -> Result<Value> {
    let sql = ctx.vdfs().sql();
    sql.execute("INSERT INTO greetings (name) VALUES (?)", (input.name.as_str(),)).await?;
    let count = sql.query("SELECT COUNT(*) FROM greetings", ()).await?;
    Ok(json!({ "greeting": format!("Hello, {}!", input.name), "greeted": count.rows[0][0] }))
}

/// `hello.greetings`: everyone greeted so far.
#[query]
async fn greetings(ctx: &QueryContext) -> Result<Vec<String>> {
    let rows = ctx.vdfs().sql().query("SELECT name FROM greetings ORDER BY id", ()).await?;
    Ok(rows.rows.iter().filter_map(|r| r[0].as_str().map(String::from)).collect())
}

/// The job's state: checkpointed, so a paused job resumes where it was.
#[derive(Serialize, Deserialize, Default)]
struct Countdown {
    left: u32,
}

/// `hello:countdown`: counts down, logging each step.
#[job]
fn countdown(ctx: &JobContext, state: &mut Countdown) -> Result<()> {
    let total = state.left.max(1);
    while state.left > 0 {
        ctx.check_interrupt()?;
        ctx.log(&format!("countdown: {} to go", state.left));
        state.left -= 1;
        ctx.increment_items(1);
        ctx.report_progress(1.0 - state.left as f32 / total as f32, &format!("{} to go", state.left));
        ctx.checkpoint(state)?;
    }
    ctx.log("countdown: liftoff");
    Ok(())
}
