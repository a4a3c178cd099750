# Turnpike compatibility fixture: a stage with access log settings (a CloudWatch log group ARN and
# a `$context` format), tracing and method settings, as the provider's aws_api_gateway_stage
# documents them. Turnpike writes one line per request in the format to its log; the destination
# is recorded only. test_terraform.py applies, re-plans, updates (the format) and destroys it.

variable "log_format" {
  type    = string
  default = "tf-access $context.requestId $context.httpMethod $context.resourcePath $context.status"
}

module "hello" {
  source = "../modules/hello"
  name   = "tf-access-log"
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id          = module.hello.rest_api_id
  deployment_id        = module.hello.deployment_id
  stage_name           = "prod"
  xray_tracing_enabled = true

  access_log_settings {
    destination_arn = "arn:aws:logs:us-east-1:123456789012:log-group:API-Gateway-Execution-Logs_tf/prod"
    format          = var.log_format
  }
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = module.hello.rest_api_id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled = true
    logging_level   = "INFO"
  }
}

output "rest_api_id" {
  value = module.hello.rest_api_id
}
