//! `/access`: API tokens (login itself lives in `auth` and `client`).

use serde::{Deserialize, Serialize};

use crate::api::{Client, Error, Userid, encode_segment};
use crate::secrets::Secret;

/// The answer of `POST /access/users/{userid}/token/{tokenid}`. The secret is shown only once.
#[derive(Debug)]
pub struct TokenCreated {
    /// `user@realm!tokenid`.
    pub full_tokenid: String,
    /// The token's secret value.
    pub value: Secret,
}

impl Client {
    /// `POST /access/users/{userid}/token/{tokenid}`: generate a new API token for a specific user.
    /// `privsep`: restrict the token's privileges with separate ACLs (PVE's default), or give it
    /// the full privileges of the user.
    pub async fn access_user_token_create(
        &self,
        user: &Userid,
        token_name: &str,
        privsep: bool,
        comment: Option<&str>,
    ) -> Result<TokenCreated, Error> {
        #[derive(Serialize)]
        struct Params<'a> {
            privsep: u8,
            #[serde(skip_serializing_if = "Option::is_none")]
            comment: Option<&'a str>,
        }
        #[derive(Deserialize)]
        struct Answer {
            #[serde(rename = "full-tokenid")]
            full_tokenid: String,
            value: String,
        }
        let path = format!(
            "/access/users/{}/token/{}",
            encode_segment(user.as_str()),
            encode_segment(token_name)
        );
        let answer: Answer = self
            .post(
                &path,
                &Params {
                    privsep: u8::from(privsep),
                    comment,
                },
            )
            .await?;
        Ok(TokenCreated {
            full_tokenid: answer.full_tokenid,
            value: Secret::new(answer.value),
        })
    }
}
