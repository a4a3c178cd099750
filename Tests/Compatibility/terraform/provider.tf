# Shared by every configuration here: test_terraform.py copies this file next to a configuration's
# own main.tf (and modules/ next to its directory) before `terraform init`. The provider talks to
# the Turnpike server under test only; the three variables are passed with -var.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "endpoint" {
  type        = string
  description = "Turnpike admin endpoint, e.g. http://127.0.0.1:8080"
}

variable "access_key" {
  type = string
}

variable "secret_key" {
  type      = string
  sensitive = true
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = var.access_key
  secret_key                  = var.secret_key
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true

  endpoints {
    apigateway = var.endpoint
  }
}
